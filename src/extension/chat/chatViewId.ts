/** The chat view's id (package.json's `views`): apart from the view itself, so activation can name it cheaply. */
export const CHAT_VIEW_ID = 'codewright.chat';
