// Process entry point: the package's `bin` and `npm start` run this file.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
