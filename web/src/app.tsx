// The console's frame: the sign-in gate, the navigation (Ultimate-only entries disabled with the
// reason on Enterprise), and the pages by path.
import { LocationProvider, Router, Route, useLocation } from 'preact-iso';
import { isUltimate, signOut, system } from './session';
import { Login } from './pages/login';
import { Overview } from './pages/overview';
import { Images } from './pages/images';
import { ImageDetail } from './pages/image_detail';
import { Registries } from './pages/registries';
import { Pipelines } from './pages/pipelines';
import { Alerts } from './pages/alerts';
import { Settings } from './pages/settings';
import { Microsegmentation } from './pages/microsegmentation';
import { NotFound } from './pages/not_found';

interface NavEntry {
  path: string;
  label: string;
  ultimateOnly?: string; // the reason shown when the edition lacks it
}

const kNav: NavEntry[] = [
  { path: '/', label: 'Overview' },
  { path: '/images', label: 'Images' },
  { path: '/registries', label: 'Registries' },
  { path: '/cicd', label: 'CI/CD' },
  { path: '/alerts', label: 'Alerts' },
  {
    path: '/microsegmentation',
    label: 'Microsegmentation',
    ultimateOnly: 'Microsegmentation requires the Ultimate edition',
  },
  { path: '/settings', label: 'Settings' },
];

function isCurrent(entry: NavEntry, path: string): boolean {
  return entry.path === '/' ? path === '/' : path.startsWith(entry.path);
}

function Nav() {
  const { path } = useLocation();
  return (
    <nav aria-label="Main">
      <ul>
        {kNav.map((entry) => {
          const disabled = entry.ultimateOnly !== undefined && !isUltimate.value;
          if (disabled) {
            return (
              <li key={entry.path}>
                <span class="nav-disabled" aria-disabled="true" title={entry.ultimateOnly}>
                  {entry.label}
                  <small>{entry.ultimateOnly}</small>
                </span>
              </li>
            );
          }
          return (
            <li key={entry.path}>
              <a href={entry.path} aria-current={isCurrent(entry, path) ? 'page' : undefined}>
                {entry.label}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function Header() {
  const info = system.value;
  return (
    <header class="top">
      <a class="brand" href="/">
        Moat
      </a>
      {info && (
        <span class="who">
          <span data-testid="edition" class={`edition edition-${info.edition}`}>
            {info.edition === 'ultimate' ? 'Ultimate' : 'Enterprise'}
          </span>
          <span>
            {info.caller.name} ({info.caller.role})
          </span>
          <button type="button" onClick={() => signOut('Signed out.')}>
            Sign out
          </button>
        </span>
      )}
    </header>
  );
}

export function App() {
  if (!system.value) return <Login />;
  return (
    <LocationProvider>
      <Header />
      <div class="layout">
        <Nav />
        <main>
          <Router>
            <Route path="/" component={Overview} />
            <Route path="/images" component={Images} />
            <Route path="/images/:digest" component={ImageDetail} />
            <Route path="/registries" component={Registries} />
            <Route path="/cicd" component={Pipelines} />
            <Route path="/alerts" component={Alerts} />
            <Route path="/microsegmentation" component={Microsegmentation} />
            <Route path="/settings" component={Settings} />
            <Route default component={NotFound} />
          </Router>
        </main>
      </div>
    </LocationProvider>
  );
}
