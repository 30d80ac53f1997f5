/**
 * Bar colours for up to ten series, each at least 3:1 against white (WCAG 1.4.11, graphics) and
 * told apart by more than hue alone where it matters: every chart has its figures in a table too.
 */
export const SERIES_COLOURS = ['#0b4f8a', '#a3470b', '#2f6f4e', '#6b4c9a', '#8a1116', '#5a5f00', '#00707a', '#9c2f6b', '#4a5360', '#7a5a00'];

export const colourOf = (index: number) => SERIES_COLOURS[index % SERIES_COLOURS.length]!;
