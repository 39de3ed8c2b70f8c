// #/viewer/:study: the diagnostic viewer (viewer/Viewer.jsx). Cornerstone is large, so it loads only when a
// study is opened here and the other pages stay light.
import { lazy, Suspense } from 'react';

const Viewer = lazy(() => import('../viewer/Viewer.jsx'));

export function ViewerPage() {
  return (
    <Suspense fallback={<p className="loading" role="status">Loading the viewer…</p>}>
      <Viewer />
    </Suspense>
  );
}
