// Reads a configuration file into a plain object. The format follows the extension:
// .yaml and .yml are YAML, anything else is JSON, so an existing JSON file keeps working
// whatever it is called.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../errors.js';

const YAML_EXTENSIONS = new Set(['.yaml', '.yml']);

export type ConfigFormat = 'json' | 'yaml';

export function formatOf(file: string): ConfigFormat {
  return YAML_EXTENSIONS.has(extname(file).toLowerCase()) ? 'yaml' : 'json';
}

export function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [`cannot read: ${(error as Error).message}`]);
  }

  const value = formatOf(file) === 'yaml' ? parseYaml(file, text) : parseJson(file, text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(file, ['the top level must be an object']);
  }
  return value as Record<string, unknown>;
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 quotes the text around the error, line breaks included: keep the first line.
    throw new ConfigError(file, [`not valid JSON: ${oneLine((error as Error).message)}`]);
  }
}

// Warnings (an unknown tag, say) are errors here: a value the parser had to guess at is
// not a setting the sensor should start with. parseDocument never writes to the console
// below logLevel 'debug', and 'error' (not 'silent') keeps its check that the file holds
// one document; everything it finds is reported through ConfigError.
function parseYaml(file: string, text: string): unknown {
  const document = parseDocument(text, { logLevel: 'error', uniqueKeys: true });
  const problems = [...document.errors, ...document.warnings];
  if (problems.length > 0) {
    throw new ConfigError(
      file,
      problems.map((problem) => `not valid YAML: ${oneLine(problem.message)}`),
    );
  }

  try {
    return document.toJS();
  } catch (error) {
    throw new ConfigError(file, [`not valid YAML: ${oneLine((error as Error).message)}`]);
  }
}

// The parsers' messages quote the offending lines; the CLI prints errors on one line.
// A lone \r breaks a terminal line too.
function oneLine(message: string): string {
  return message.split(/\r\n|\n|\r/, 1)[0] as string;
}
