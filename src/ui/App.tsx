import { useEffect } from 'react';
import { useStore } from '../state/store';
import { Notices } from './components/Notices';
import { CompareView } from './features/compare/CompareView';
import { DrawView } from './features/draw/DrawView';
import { InspectView } from './features/inspect/InspectView';
import { LearnView } from './features/learn/LearnView';
import { TrainView } from './features/train/TrainView';
import { UploadView } from './features/upload/UploadView';
import { VIEWS, viewFromHash } from './nav';

/** Keeps the current view and the address bar's #hash in step (back/forward work, links can be shared). */
function useHashRoute(): void {
  const view = useStore((s) => s.view);
  const setView = useStore((s) => s.setView);
  useEffect(() => {
    const sync = () => {
      const v = viewFromHash(location.hash);
      if (v) setView(v);
    };
    sync();
    addEventListener('hashchange', sync);
    return () => removeEventListener('hashchange', sync);
  }, [setView]);
  useEffect(() => {
    if (viewFromHash(location.hash) !== view) history.pushState(null, '', `${location.pathname}${location.search}#${view}`);
  }, [view]);
}

function Nav() {
  const view = useStore((s) => s.view);
  const setView = useStore((s) => s.setView);
  return (
    <nav className="app-nav" aria-label="Views">
      <ul>
        {VIEWS.map((v) => (
          <li key={v.id}>
            <a
              href={`#${v.id}`}
              aria-current={v.id === view ? 'page' : undefined}
              onClick={(e) => { e.preventDefault(); setView(v.id); }}
            >
              {v.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Footer() {
  const isolated = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated;
  return (
    <footer className="app-footer">
      <span data-testid="isolation">
        {isolated ? 'Cross-origin isolated (SharedArrayBuffer available).' : 'Not cross-origin isolated: no SharedArrayBuffer, single-threaded WebAssembly only.'}
      </span>
      <span>Everything runs in this tab; no data leaves it.</span>
    </footer>
  );
}

export function App() {
  useHashRoute();
  const view = useStore((s) => s.view);
  return (
    <div className="app">
      <header className="app-header">
        <div className="app-title">
          <h1>Quant Lab</h1>
          <p>Post-training dynamic range quantization for TensorFlow Lite, in your browser.</p>
        </div>
        <Nav />
      </header>
      <Notices />
      <main className="app-main">
        {view === 'train' && <TrainView />}
        {view === 'compare' && <CompareView />}
        {view === 'draw' && <DrawView />}
        {view === 'upload' && <UploadView />}
        {view === 'inspect' && <InspectView />}
        {view === 'learn' && <LearnView />}
      </main>
      <Footer />
    </div>
  );
}
