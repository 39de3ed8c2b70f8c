// Cornerstone3D set up once per page load: the rendering core, the DICOM image loader (WADO-RS against Cairn, every
// request with the signed-in user's credentials, codecs decoded in bundled web workers) and the tools the viewer
// offers. GPU rendering when WebGL works, Cornerstone's CPU path otherwise (or when asked with ?cpu in the hash).
import * as core from '@cornerstonejs/core';
import * as tools from '@cornerstonejs/tools';
import * as dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import { authHeaders } from '../api.js';

export const TOOL_NAMES = {
  windowLevel: tools.WindowLevelTool.toolName,
  pan: tools.PanTool.toolName,
  zoom: tools.ZoomTool.toolName,
  scroll: tools.StackScrollTool.toolName,
  length: tools.LengthTool.toolName,
  angle: tools.AngleTool.toolName,
};

let ready;

/** Resolves once Cornerstone is usable; safe to call from every mount. */
export function initCornerstone() {
  if (!ready) {
    ready = (async () => {
      core.init();
      if (!core.getRenderingCapabilities?.().webgl || window.location.hash.includes('cpu=1')) {
        core.setUseCPURendering(true);
      }
      dicomImageLoader.init({
        maxWebWorkers: Math.min(4, Math.max(1, Math.floor((navigator.hardwareConcurrency || 2) / 2))),
        beforeSend: () => authHeaders(),
      });
      tools.init();
      for (const tool of [tools.WindowLevelTool, tools.PanTool, tools.ZoomTool, tools.StackScrollTool,
        tools.LengthTool, tools.AngleTool]) {
        tools.addTool(tool);
      }
    })();
  }
  return ready;
}

/** Which rendering path Cornerstone took: "GPU" or "CPU". */
export function renderingPath() {
  return core.getShouldUseCPURendering() ? 'CPU' : 'GPU';
}

export { core, tools, dicomImageLoader };
