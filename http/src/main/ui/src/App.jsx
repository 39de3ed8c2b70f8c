import { NavLink, Navigate, Route, Routes } from 'react-router-dom';
import { useAuth } from './auth.jsx';
import { SignIn } from './SignIn.jsx';
import { StudiesPage } from './pages/StudiesPage.jsx';
import { StudyPage } from './pages/StudyPage.jsx';
import { WorklistPage } from './pages/WorklistPage.jsx';
import { UploadPage } from './pages/UploadPage.jsx';
import { ViewerPage } from './pages/ViewerPage.jsx';

export function App() {
  const { me, checking, signOut, may } = useAuth();
  if (checking) {
    return <p className="loading" role="status">Loading…</p>;
  }
  if (!me) {
    return <SignIn />;
  }
  return (
    <div className="app">
      <header>
        <span className="brand">Cairn</span>
        <nav aria-label="Main">
          <NavLink to="/studies">Studies</NavLink>
          {may('read') && <NavLink to="/worklist">Worklist</NavLink>}
          {may('store') && <NavLink to="/upload">Upload</NavLink>}
        </nav>
        <span className="who" aria-label="Signed in as">{me.name} ({me.roles.join(', ')})</span>
        <button type="button" onClick={signOut}>Sign out</button>
      </header>
      <main>
        <Routes>
          <Route path="/" element={<Navigate to="/studies" replace />} />
          <Route path="/studies" element={<StudiesPage />} />
          <Route path="/studies/:study" element={<StudyPage />} />
          <Route path="/viewer/:study" element={<ViewerPage />} />
          <Route path="/worklist" element={<WorklistPage />} />
          <Route path="/upload" element={<UploadPage />} />
          <Route path="*" element={<p>Nothing here.</p>} />
        </Routes>
      </main>
    </div>
  );
}
