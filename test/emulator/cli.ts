/** `npx tsx test/emulator/cli.ts [--port N] [--scenario S]`: runs the Flickr emulator until Ctrl-C. */
import { parseArgs } from 'node:util';
import { DEMO_CONSUMER, SCENARIOS, startEmulator, type ScenarioName } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    scenario: { type: 'string', default: 'free-near-limit' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(`usage: tsx test/emulator/cli.ts [--port N] [--scenario S]\nscenarios: ${SCENARIOS.join(', ')}`);
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid --port ${values.port}`);
  process.exit(2);
}

const emulator = await startEmulator({ port, scenario: values.scenario as ScenarioName });
console.log(`Flickr emulator on ${emulator.origin} (scenario ${emulator.scenario})`);
console.log(`port: ${emulator.port}`);
console.log(`consumer key: ${DEMO_CONSUMER.key}`);
console.log(`consumer secret: ${DEMO_CONSUMER.secret}`);
console.log(`certificate: ${emulator.certPem}`);
console.log(
  `chromium: --host-resolver-rules="MAP www.flickr.com 127.0.0.1:${emulator.port}, MAP api.flickr.com 127.0.0.1:${emulator.port}" --ignore-certificate-errors`,
);

const shutdown = () => {
  void emulator.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
