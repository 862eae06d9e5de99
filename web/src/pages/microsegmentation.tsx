// Microsegmentation (Ultimate): network objects and ordered rules. The runtime side that enforces
// them is not built yet, so the page lists what the center holds.
import { getJson } from '../api';
import { LoadState, Section, useLoad } from '../components/load';

interface Segmentation {
  networkObjects: { name: string; kind?: string }[];
  rules: { id?: string; action?: string; from?: string; to?: string }[];
}

export function Microsegmentation() {
  const state = useLoad(() => getJson<Segmentation>('/microsegmentation'), 'microsegmentation');
  return (
    <>
      <h1>Microsegmentation</h1>
      <LoadState state={state} what="network objects and rules" />
      {state.data && (
        <>
          <Section title="Network objects">
            {state.data.networkObjects.length === 0 ? (
              <p class="empty">No network objects yet.</p>
            ) : (
              <ul>
                {state.data.networkObjects.map((o) => (
                  <li key={o.name}>{o.name}</li>
                ))}
              </ul>
            )}
          </Section>
          <Section title="Rules">
            {state.data.rules.length === 0 ? (
              <p class="empty">No rules yet: traffic is neither alerted on nor blocked.</p>
            ) : (
              <ol>
                {state.data.rules.map((r, i) => (
                  <li key={r.id ?? i}>
                    {r.action} {r.from} → {r.to}
                  </li>
                ))}
              </ol>
            )}
          </Section>
        </>
      )}
    </>
  );
}
