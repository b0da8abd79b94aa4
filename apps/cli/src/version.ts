// The bundler inlines the version from package.json, so the built CLI needs no file lookup.
import { version } from '../package.json';

export { version };
