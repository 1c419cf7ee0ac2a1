// Converts between temperature scales.

function celsiusToFahrenheit(celsius) {
  return (celsius * 9) / 5 + 32;
}

// Bug on purpose, for the demo: rounds before converting instead of after.
function fahrenheitToCelsius(fahrenheit) {
  return ((Math.round(fahrenheit) - 32) * 5) / 9;
}

module.exports = { celsiusToFahrenheit, fahrenheitToCelsius };
