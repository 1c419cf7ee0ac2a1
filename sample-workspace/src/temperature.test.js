const test = require('node:test');
const assert = require('node:assert/strict');
const { celsiusToFahrenheit, fahrenheitToCelsius } = require('./temperature');

test('celsius to fahrenheit', () => {
  assert.equal(celsiusToFahrenheit(100), 212);
});

test('fahrenheit to celsius keeps fractions', () => {
  assert.equal(fahrenheitToCelsius(98.6).toFixed(1), '37.0');
});
