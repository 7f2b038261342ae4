import OopsCore

/// What oopsy says about lockdep's reports; their headlines are ``LockdepHeadlines``.
enum Lockdep {
    /// What to do about most of its reports.
    static let readTheReport = "Read lockdep's report below the headline: it prints the locks held, the lock being taken and the stacks that took them (for a circular dependency, each link of the chain); fix the ordering, the missing lock or the unbalanced unlock it names."

    /// The headline `message` reports (``LockdepHeadlines``).
    static func finding(in message: String) -> String? { LockdepHeadlines.finding(in: message) }
}
