import * as nodeModule from 'node:module';
import * as path from 'node:path';

/**
 * Nest 12 ships as ES modules. Jest 30 can only require() ESM on Node ≥ 24.9, while Node itself
 * can since 20.19, so specs that need Nest load it — and the TypeScript under test, through
 * ts-node — with Node's own loader, outside Jest's module registry. Specs then drive the app over
 * HTTP with supertest. Remove once tests run on Node ≥ 24.9 (or Jest transforms ESM packages).
 *
 * Consequence for spec authors: classes with decorators must live in files loaded this way
 * (fixtures), because Jest's realm has no `Reflect.metadata` and would emit no design types.
 */
interface NativeModule {
  _load(request: string, parent: null, isMain: boolean): unknown;
  /** Set on Node's own Module class, which outlives each spec file's module registry. */
  sitrepTsNodeRegistered?: boolean;
}

const native = nodeModule.Module as unknown as NativeModule;
const ROOT = path.resolve(__dirname, '../../../../..');

export function loadOutsideJest<T>(absolutePath: string): T {
  registerTypeScript();
  return native._load(absolutePath, null, false) as T;
}

/** Resolves a package from the repository root, for loadOutsideJest. */
export function packagePath(name: string): string {
  return require.resolve(name, { paths: [ROOT] });
}

function registerTypeScript(): void {
  if (native.sitrepTsNodeRegistered) return;
  const tsNode = native._load(packagePath('ts-node'), null, false) as {
    register(options: { transpileOnly: boolean; project: string }): void;
  };
  tsNode.register({ transpileOnly: true, project: path.join(ROOT, 'tsconfig.json') });
  native.sitrepTsNodeRegistered = true;
}
