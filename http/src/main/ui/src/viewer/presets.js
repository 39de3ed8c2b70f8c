// Window presets (centre/width in modality units, i.e. Hounsfield units for CT). "default" is the image's own
// window (from its header, or Cornerstone's computed one).
export const PRESETS = [
  { id: 'default', label: 'Image default', key: '1' },
  { id: 'soft-tissue', label: 'Soft tissue (40/400)', center: 40, width: 400, key: '2', ct: true },
  { id: 'lung', label: 'Lung (-600/1500)', center: -600, width: 1500, key: '3', ct: true },
  { id: 'bone', label: 'Bone (300/1500)', center: 300, width: 1500, key: '4', ct: true },
  { id: 'brain', label: 'Brain (40/80)', center: 40, width: 80, key: '5', ct: true },
];

/** Cornerstone's VOI range for a centre and width. */
export function voiRange(center, width) {
  return { lower: center - width / 2, upper: center + width / 2 };
}

/** Centre and width of a VOI range, rounded for display. */
export function windowOf(range) {
  if (!range) {
    return null;
  }
  return { center: Math.round((range.upper + range.lower) / 2), width: Math.round(range.upper - range.lower) };
}
