/**
 * "Try before apply": an editor's draft config run on a workload through two sandboxed engines
 * ({@link dev.switchboard.replay.WhatIf}), current beside draft, then Apply or Discard. {@code TryBeforeApply} is
 * the hook each editor installs beside its Apply button (and Ctrl+T); {@code WhatIfWindow} the window (the run on a
 * background thread, progress and Cancel, the two reports, a timeline chart); {@code WhatIfRows} the comparison in
 * the console's words and which way is better, free of JavaFX; {@code Workloads} which workload to offer first.
 * Uses the console's shared services only; the console's root package never imports this one.
 */
package dev.switchboard.console.whatif;
