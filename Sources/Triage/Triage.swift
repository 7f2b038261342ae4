// Triage
