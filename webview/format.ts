/** Numbers as a learner reads them: the same rules as the CLI and the status bar (src/core/base/format.ts). */
export { formatNumber as num, formatPercent as percent } from "../src/core/base/format";
