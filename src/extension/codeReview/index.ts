// The code review feature: Review Changes sends the working tree's diff to the model and shows its findings as comment
// threads, each with Fix and Dismiss.
import vscode = require('vscode');
import type { TaskRunner } from '../editorTasks/taskProgress';
import { reviewChangesCommands } from './reviewChanges';
import { ReviewComments } from './reviewComments';

export interface CodeReviewFeature {
  comments: ReviewComments;
}

export function registerCodeReview(context: vscode.ExtensionContext, deps: { runner: TaskRunner }): CodeReviewFeature {
  const comments = new ReviewComments();
  context.subscriptions.push(comments, ...reviewChangesCommands(deps.runner, comments));
  return { comments };
}
