# Sourced by the scripts in .ci: puts the project's own tools first on PATH.
# npm's sass and wasm-opt (binaryen 132) must win over anything else
# installed (Debian's binaryen 108 produces wasm that fails to hydrate).
# .ci/bin comes first: its wasm-opt runs npm's with a cache of outputs.
GATEHOUSE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$GATEHOUSE_ROOT/.ci/bin:$GATEHOUSE_ROOT/style/node_modules/.bin:$HOME/.cargo/bin:$PATH"
