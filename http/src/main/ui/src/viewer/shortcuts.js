// The viewer's keyboard shortcuts: one table drives both the key handling and the help tooltip.
export const SHORTCUTS = [
  { keys: ['ArrowUp', 'ArrowLeft'], label: '↑ / ←', action: 'previous', help: 'Previous image or frame' },
  { keys: ['ArrowDown', 'ArrowRight'], label: '↓ / →', action: 'next', help: 'Next image or frame' },
  { keys: ['PageUp'], label: 'PgUp', action: 'previousPage', help: 'Back 10 images' },
  { keys: ['PageDown'], label: 'PgDn', action: 'nextPage', help: 'Forward 10 images' },
  { keys: ['Home'], label: 'Home', action: 'first', help: 'First image' },
  { keys: ['End'], label: 'End', action: 'last', help: 'Last image' },
  { keys: [' '], label: 'Space', action: 'cine', help: 'Play / pause cine' },
  { keys: ['w', 'W'], label: 'W', action: 'tool:windowLevel', help: 'Window/level tool (drag)' },
  { keys: ['p', 'P'], label: 'P', action: 'tool:pan', help: 'Pan tool' },
  { keys: ['z', 'Z'], label: 'Z', action: 'tool:zoom', help: 'Zoom tool' },
  { keys: ['l', 'L'], label: 'L', action: 'tool:length', help: 'Length measurement' },
  { keys: ['a', 'A'], label: 'A', action: 'tool:angle', help: 'Angle measurement' },
  { keys: ['i', 'I'], label: 'I', action: 'invert', help: 'Invert greyscale' },
  { keys: ['r', 'R'], label: 'R', action: 'reset', help: 'Reset view' },
  { keys: ['1', '2', '3', '4', '5'], label: '1–5', action: 'preset', help: 'Window presets' },
];

export const MOUSE_HELP = [
  'Left drag: active tool',
  'Middle drag: pan',
  'Right drag: zoom',
  'Wheel: scroll through images',
];

/** The shortcut a key press stands for, or null. */
export function shortcutFor(key) {
  return SHORTCUTS.find((s) => s.keys.includes(key)) ?? null;
}
