// The tests import the kernel's generated modules (src/kernel/*.generated.ts), which the
// package's build writes. Running the tests straight from a fresh clone builds them first.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup() {
  execFileSync(process.execPath, [fileURLToPath(new URL('./build-kernel.mjs', import.meta.url))], { stdio: 'inherit' });
}
