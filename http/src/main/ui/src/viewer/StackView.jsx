// One Cornerstone stack viewport showing one series (every frame of every instance), with its slice indicator,
// window readout and cine controls. The page drives it through the handle (scroll, presets, reset, invert, cine).
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { core, tools } from './cornerstone.js';
import { loadSeries, parseImageId } from './dicomweb.js';
import { voiRange, windowOf } from './presets.js';

const { Events, ViewportType } = core.Enums;

function imageRect(viewport) {
  // Where the image lies on the canvas, in CSS pixels: lets a reader (or a test) match screen pixels to image pixels.
  try {
    const { dimensions, imageData } = viewport.getImageData();
    const [cols, rows] = dimensions;
    const a = viewport.worldToCanvas(imageData.indexToWorld([-0.5, -0.5, 0]));
    const b = viewport.worldToCanvas(imageData.indexToWorld([cols - 0.5, rows - 0.5, 0]));
    return {
      x: Math.min(a[0], b[0]), y: Math.min(a[1], b[1]),
      width: Math.abs(b[0] - a[0]), height: Math.abs(b[1] - a[1]), columns: cols, rows,
    };
  } catch {
    return null;
  }
}

export const StackView = forwardRef(function StackView(
  { engine, toolGroup, viewportId, study, series, label, active, onActivate }, ref) {
  const element = useRef(null);
  const [stack, setStack] = useState(null);
  const [index, setIndex] = useState(0);
  const [window_, setWindow] = useState(null);
  const [rect, setRect] = useState(null);
  const [error, setError] = useState(null);
  const [playing, setPlaying] = useState(false);
  const [fps, setFps] = useState(10);
  const [rendered, setRendered] = useState(0);

  const viewport = useCallback(() => engine.getViewport(viewportId), [engine, viewportId]);

  useEffect(() => {
    const div = element.current;
    engine.enableElement({ viewportId, type: ViewportType.STACK, element: div,
      defaultOptions: { background: [0, 0, 0] } });
    toolGroup.addViewport(viewportId, engine.id);
    const onNewImage = (e) => setIndex(e.detail.imageIdIndex);
    const onVoi = (e) => setWindow(windowOf(e.detail.range));
    const onRendered = () => {
      setRect(imageRect(engine.getViewport(viewportId)));
      setRendered((n) => n + 1);
    };
    div.addEventListener(Events.STACK_NEW_IMAGE, onNewImage);
    div.addEventListener(Events.VOI_MODIFIED, onVoi);
    div.addEventListener(Events.IMAGE_RENDERED, onRendered);
    const resize = new ResizeObserver(() => engine.resize(true, true));
    resize.observe(div);
    return () => {
      resize.disconnect();
      div.removeEventListener(Events.STACK_NEW_IMAGE, onNewImage);
      div.removeEventListener(Events.VOI_MODIFIED, onVoi);
      div.removeEventListener(Events.IMAGE_RENDERED, onRendered);
      try {
        tools.utilities.cine.stopClip(div);
      } catch {
        // nothing was playing
      }
      toolGroup.removeViewports(engine.id, viewportId);
      engine.disableElement(viewportId);
    };
  }, [engine, toolGroup, viewportId]);

  useEffect(() => {
    const abort = new AbortController();
    setStack(null);
    setError(null);
    setPlaying(false);
    try {
      tools.utilities.cine.stopClip(element.current);
    } catch {
      // nothing was playing
    }
    (async () => {
      try {
        const loaded = await loadSeries(study, series, abort.signal);
        if (abort.signal.aborted) {
          return;
        }
        if (loaded.imageIds.length === 0) {
          setError('This series has no images to show.');
          return;
        }
        setFps(loaded.frameRate);
        setStack(loaded);
        setIndex(0);
        const vp = viewport();
        await vp.setStack(loaded.imageIds, 0);
        setWindow(windowOf(vp.getProperties().voiRange));
        vp.render();
      } catch (e) {
        if (!abort.signal.aborted) {
          setError('Could not show the series: ' + (e?.message ?? e?.statusText ?? `HTTP ${e?.status ?? '?'}`));
        }
      }
    })();
    return () => abort.abort();
  }, [study, series, viewport]);

  const scrollTo = useCallback((target) => {
    if (!stack) {
      return;
    }
    const clamped = Math.max(0, Math.min(stack.imageIds.length - 1, target));
    viewport().setImageIdIndex(clamped);
  }, [stack, viewport]);

  const stopCine = useCallback(() => {
    tools.utilities.cine.stopClip(element.current);
    setPlaying(false);
  }, []);

  const startCine = useCallback((rate) => {
    tools.utilities.cine.playClip(element.current, { framesPerSecond: rate, loop: true });
    setPlaying(true);
  }, []);

  useImperativeHandle(ref, () => ({
    scrollBy: (delta) => scrollTo(viewport().getCurrentImageIdIndex() + delta),
    scrollTo: (target) => scrollTo(target < 0 ? (stack?.imageIds.length ?? 1) - 1 : target),
    applyWindow: (center, width) => {
      const vp = viewport();
      if (center === undefined) {
        vp.resetProperties();
      } else {
        vp.setProperties({ voiRange: voiRange(center, width) });
      }
      setWindow(windowOf(vp.getProperties().voiRange));
      vp.render();
    },
    invert: () => {
      const vp = viewport();
      vp.setProperties({ invert: !vp.getProperties().invert });
      vp.render();
    },
    reset: () => {
      const vp = viewport();
      vp.resetCamera();
      vp.resetProperties();
      setWindow(windowOf(vp.getProperties().voiRange));
      vp.render();
    },
    toggleCine: () => (playing ? stopCine() : startCine(fps)),
    modality: () => stack?.modality,
  }), [scrollTo, viewport, stack, playing, fps, startCine, stopCine]);

  const total = stack?.imageIds.length ?? 0;
  const current = parseImageId(stack?.imageIds[index]);
  const frames = stack?.instances.find((i) => i.sop === current?.sop)?.frames ?? 1;
  const position = frames > 1
    ? `Frame ${current.frame} / ${frames}` + (stack.instances.length > 1 ? ` · image ${index + 1} / ${total}` : '')
    : `Image ${index + 1} / ${total}`;

  return (
    <section className={'stack-view' + (active ? ' active' : '')} aria-label={`Viewport: ${label}`}
      onMouseDown={onActivate} onFocus={onActivate}>
      <div className="stack-canvas" ref={element} tabIndex={0} role="img"
        aria-label={`Images of series ${label}`} data-rendered={rendered}
        data-image-index={index} data-image-rect={rect ? JSON.stringify(rect) : undefined}
        onContextMenu={(e) => e.preventDefault()} />
      <div className="stack-overlay top" aria-hidden="true">
        <span>{stack?.patient}</span>
        <span>{label}</span>
      </div>
      {error && <p className="stack-error error" role="alert">{error}</p>}
      {!stack && !error && <p className="stack-loading" role="status">Loading series…</p>}
      <div className="stack-footer">
        <span className="slice-indicator" role="status" aria-live="polite" aria-label="Position in series">
          {stack ? position : '—'}
        </span>
        <span className="window-readout" aria-label="Window">
          {window_ ? `W ${window_.width} · L ${window_.center}` : ''}
        </span>
        {total > 1 && (
          <span className="cine">
            <button type="button" className="secondary" onClick={() => (playing ? stopCine() : startCine(fps))}
              aria-label={playing ? 'Pause cine' : 'Play cine'} title={playing ? 'Pause cine (Space)' : 'Play cine (Space)'}
              aria-pressed={playing}>
              {playing ? '❚❚ Pause' : '▶ Play'}
            </button>
            <label>
              Frame rate
              <input type="number" min="1" max="60" value={fps} aria-label="Frame rate (frames per second)"
                onChange={(e) => {
                  const rate = Math.max(1, Math.min(60, Number(e.target.value) || 1));
                  setFps(rate);
                  if (playing) {
                    startCine(rate);
                  }
                }} />
              fps
            </label>
          </span>
        )}
      </div>
    </section>
  );
});
