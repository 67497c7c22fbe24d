# goAML bank reports and FtM entities (mekong import goaml, export ftm, import ftm, reports).
reports-rejected = { $file }: report rejected with { $count ->
        [one] one error
       *[other] { $count } errors
    }; nothing was stored.
reports-error-line = { $path }: { $rule } (value: "{ $value }")
reports-error-line-structure = { $path }: { $rule }
reports-stored = { $file }: report stored as { $id }.
reports-already-stored = { $file }: report { $id } was already stored; nothing changed.
reports-monitored = { $count ->
        [one] One account-to-account transaction
       *[other] { $count } account-to-account transactions
    } of the reports went to the monitor for scoring.
reports-merge-suggestion = { $left } and { $right } may be the same person, organisation or bank account: { $reason }.
reports-merge-name-birth = same name and birth date
reports-merge-id-number = same identification number
reports-merge-none = No merge suggestions.
reports-ftm-imported = Read { $read } entities; { $changed } were new or changed.
reports-rule-malformed = the file is not well-formed XML ({ $limit })
reports-rule-unexpected-root = the root element must be report
reports-rule-unknown-element = element not allowed here by the goAML schema
reports-rule-element-order = element in the wrong position; follow the goAML schema's element order
reports-rule-missing-element = required element is missing
reports-rule-too-many-elements = element repeated more often than allowed
reports-rule-invalid-integer = not a whole number
reports-rule-invalid-decimal = not a decimal number
reports-rule-invalid-date = not a real date and time (YYYY-MM-DDThh:mm:ss)
reports-rule-invalid-boolean = not true or false
reports-rule-unknown-code = not one of the codes the goAML schema allows
reports-rule-too-short = shorter than { $limit } characters
reports-rule-too-long = longer than { $limit } characters
reports-rule-below-minimum = below the minimum { $limit }
reports-rule-above-maximum = above the maximum { $limit }
reports-rule-too-many-fraction-digits = more than { $limit } digits after the decimal point
reports-rule-negative-amount = amounts must not be negative

# p2gaps: goAML pattern facets
reports-rule-pattern-mismatch = does not match the pattern { $limit } that the goAML schema requires

# Part: bank reports gaps (merge suggestions for organisations and bank accounts, paste limit, schema version).
reports-merge-registration = same registration number and country
reports-merge-organisation-name = same name and the same country or registration number
reports-merge-account-number = same account number at the same bank, or same IBAN
web-entities-kind = Kind
web-entities-kind-person = Person
web-entities-kind-organisation = Organisation
web-entities-kind-bank-account = Bank account
web-entities-decide-same-organisation = Same organisation
web-entities-decide-same-account = Same account
web-entities-decided-same-organisation = Recorded: same organisation
web-entities-decided-same-account = Recorded: same account
web-entities-recorded-same-organisation = Decision recorded: same organisation. The entities were not changed.
web-entities-recorded-same-account = Decision recorded: same account. The entities were not changed.
web-reports-paste-too-large = The pasted report is too large: this form accepts at most { $max } MiB as the browser sends it. Nothing was stored. Import a larger report with `mekong import goaml`.
web-reports-declared-version = Declared schema version
web-reports-checked-version = Checked against goAML schema
web-reports-version-not-declared = not declared
