// Entry point: parse, run, and map every outcome to docs/SCHEMA.md's exit codes
// (0 no report, 1 reports found, 2 usage error, 3 input unreadable, 4 cannot be done here).
#if canImport(Glibc)
import Glibc
#endif

signal(SIGPIPE, SIG_IGN)   // a closed pipe becomes EPIPE, handled as a quiet exit
exit(OopsyCommand.runAndReturnExitCode())
