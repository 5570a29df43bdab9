// A simulator in its own process, so a benchmark's load and measurements do not share its event loop.
// Started by lib/simulator.ts with fork(): options as JSON in argv[2]; answers {type:'ready', url, admin}
// over IPC, applies {type:'faults', faults} and {type:'expireSessions'}, and exits on 'close' or disconnect.
import { type SimulatorOptions, startSimulator } from '../../src/simulator/index.js';

const options = JSON.parse(process.argv[2] ?? '{}') as SimulatorOptions;
const simulator = await startSimulator(options);

process.on('message', async (message: { type?: string; faults?: Record<string, number> }) => {
  if (message.type === 'faults') {
    simulator.setFaults(message.faults ?? {});
    process.send?.({ type: 'faults-set' });
  } else if (message.type === 'expireSessions') {
    simulator.expireSessions();
    process.send?.({ type: 'sessions-expired' });
  } else if (message.type === 'close') {
    await simulator.close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready', url: simulator.url, admin: simulator.admin });
