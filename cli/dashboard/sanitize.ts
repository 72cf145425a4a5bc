/**
 * Error messages and type names come from job handlers and job submitters, so they are untrusted:
 * printed raw, an escape sequence in one could move the cursor, recolour the screen, retitle the
 * window or reorder text. Everything the dashboard shows from the API passes through here.
 */

// Whole sequences go first so their parameters ("[2J", "]0;title") do not survive as visible text:
// CSI (cursor moves, colours, erase); OSC, DCS, SOS, PM, APC (window title, hyperlinks, clipboard),
// terminated or not; then the two-character escapes (reset, save cursor, character sets).
const ESCAPE_SEQUENCES =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|(?:\u001b[\]PX^_]|[\u0090\u0098\u009d-\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[ -/]*[0-~]?/g;
const LINE_BREAKS = /[\t\n\v\f\r]+/g;
// C0 and C1 controls, DEL, and the bidirectional overrides and isolates that reorder what is shown.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** The text as one printable line: escape sequences and control characters removed, line breaks as spaces. */
export function printable(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, '').replace(LINE_BREAKS, ' ').replace(CONTROL_CHARACTERS, '');
}
