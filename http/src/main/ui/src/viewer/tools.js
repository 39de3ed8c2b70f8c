// The viewer's tool group: the chosen tool on the left button, pan on the middle, zoom on the right, stack scroll
// on the wheel; measurements stay visible (passive) when another tool is chosen.
import { tools, TOOL_NAMES } from './cornerstone.js';

const { MouseBindings } = tools.Enums;
const MEASUREMENTS = ['length', 'angle'];

export function createToolGroup(id) {
  tools.ToolGroupManager.destroyToolGroup(id);
  const group = tools.ToolGroupManager.createToolGroup(id);
  for (const name of Object.values(TOOL_NAMES)) {
    group.addTool(name);
  }
  selectTool(group, 'windowLevel');
  return group;
}

/** Puts {@code tool} (a key of TOOL_NAMES) on the left button, keeping the fixed bindings of the others. */
export function selectTool(group, tool) {
  for (const [key, name] of Object.entries(TOOL_NAMES)) {
    if (key !== tool) {
      if (MEASUREMENTS.includes(key)) {
        group.setToolPassive(name);
      } else {
        group.setToolDisabled(name);
      }
    }
  }
  const bindings = [{ mouseButton: MouseBindings.Primary }];
  if (tool === 'pan') {
    bindings.push({ mouseButton: MouseBindings.Auxiliary });
  } else if (tool === 'zoom') {
    bindings.push({ mouseButton: MouseBindings.Secondary });
  } else if (tool === 'scroll') {
    bindings.push({ mouseButton: MouseBindings.Wheel });
  }
  group.setToolActive(TOOL_NAMES[tool], { bindings });
  if (tool !== 'pan') {
    group.setToolActive(TOOL_NAMES.pan, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
  }
  if (tool !== 'zoom') {
    group.setToolActive(TOOL_NAMES.zoom, { bindings: [{ mouseButton: MouseBindings.Secondary }] });
  }
  if (tool !== 'scroll') {
    group.setToolActive(TOOL_NAMES.scroll, { bindings: [{ mouseButton: MouseBindings.Wheel }] });
  }
}
