// The public surface of every entry, as a committed report: `npm run api` writes `api/*.api.md`,
// `npm run api -- --check` (CI) fails when the surface differs from the committed report, so a
// change to what merchants can import is a reviewed diff. Reads the built declarations in dist/.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const check = process.argv.includes('--check');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

// Every entry with declarations: `.` → index, `./core` → core, `./locales/sv` → locales-sv.
const entries = Object.entries(pkg.exports)
  .filter(([, target]) => typeof target === 'object' && target.types)
  .map(([name, target]) => ({
    report: name === '.' ? 'index' : name.slice(2).replace(/\//g, '-'),
    types: path.join(root, target.types),
  }));

mkdirSync(path.join(root, 'api'), { recursive: true });
let failed = 0;
for (const { report, types } of entries) {
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: types,
      compiler: {
        overrideTsconfig: {
          compilerOptions: { lib: ['ES2022', 'DOM'], types: ['node'], skipLibCheck: true, strict: true },
          files: [types],
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: `${report}.api.md`,
        reportFolder: path.join(root, 'api'),
        reportTempFolder: path.join(root, 'node_modules/.cache/api-report'),
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        // The report is about the surface, not about TSDoc style or release tags.
        extractorMessageReporting: {
          default: { logLevel: 'none' },
          'ae-missing-release-tag': { logLevel: 'none' },
        },
        tsdocMessageReporting: { default: { logLevel: 'none' } },
        compilerMessageReporting: { default: { logLevel: 'warning' } },
      },
    },
    configObjectFullPath: undefined,
    packageJsonFullPath: path.join(root, 'package.json'),
  });
  const result = Extractor.invoke(config, { localBuild: !check, showVerboseMessages: false });
  if (!result.succeeded || (check && result.apiReportChanged)) {
    failed += 1;
    console.error(
      `api/${report}.api.md: ${check ? 'the public surface changed: run `npm run build && npm run api` and commit the report' : 'could not be written'}`,
    );
  } else {
    console.log(`api/${report}.api.md ${result.apiReportChanged ? 'updated' : 'unchanged'}`);
  }
}
process.exit(failed ? 1 : 0);
