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
reports-merge-suggestion = { $kind }: { $left } and { $right } may be the same. Matching rules: { $reason }.
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

# Part: reports second round (monitor counts, merge rows, FtM schema, property and goAML role labels).
reports-monitored-before = { $count ->
        [one] One transaction
       *[other] { $count } transactions
    } had gone to the monitor in an earlier import and were not scored again.
reports-not-monitored = { $count ->
        [one] One transaction has
       *[other] { $count } transactions have
    } no bank account on the sending or the receiving side, such as cash paid in by a person, so the monitor did not score them: it scores only transfers between two accounts.
web-reports-not-monitored = { $count ->
        [one] One transaction has
       *[other] { $count } transactions have
    } no bank account on the sending or the receiving side, such as cash paid in by a person, so the monitor did not score them: it scores only transfers between two accounts.
web-entities-match-key = match key
reports-merge-reason = { $rule } ({ $key })
reports-merge-reason-separator = { "; " }
ftm-schema-Address = Address
ftm-schema-BankAccount = Bank account
ftm-schema-Company = Company
ftm-schema-CryptoWallet = Crypto wallet
ftm-schema-LegalEntity = Legal entity
ftm-schema-Organization = Organisation
ftm-schema-Ownership = Ownership
ftm-schema-Payment = Payment
ftm-schema-Person = Person
ftm-schema-UserAccount = Online account
ftm-property-accountNumber = Account number
ftm-property-accountType = Account type
ftm-property-address = Address
ftm-property-addressEntity = Address record
ftm-property-alias = Alias
ftm-property-amount = Amount
ftm-property-asset = Asset
ftm-property-bankName = Bank name
ftm-property-beneficiary = Beneficiary
ftm-property-beneficiaryAccount = Beneficiary account
ftm-property-birthDate = Birth date
ftm-property-birthPlace = Birthplace
ftm-property-city = City
ftm-property-country = Country
ftm-property-currency = Currency
ftm-property-date = Date
ftm-property-email = Email
ftm-property-firstName = First name
ftm-property-full = Full address
ftm-property-gender = Gender
ftm-property-holder = Holder
ftm-property-iban = IBAN
ftm-property-idNumber = Identification number
ftm-property-jurisdiction = Jurisdiction
ftm-property-lastName = Last name
ftm-property-legalForm = Legal form
ftm-property-middleName = Middle name
ftm-property-name = Name
ftm-property-nationality = Nationality
ftm-property-notes = Notes
ftm-property-openingDate = Opening date
ftm-property-owner = Owner
ftm-property-passportNumber = Passport number
ftm-property-payer = Payer
ftm-property-payerAccount = Payer account
ftm-property-phone = Phone
ftm-property-position = Position
ftm-property-postalCode = Postal code
ftm-property-publicKey = Public key
ftm-property-purpose = Purpose
ftm-property-recordId = Record ID
ftm-property-registrationNumber = Registration number
ftm-property-role = Role
ftm-property-service = Service
ftm-property-street = Street
ftm-property-swiftBic = SWIFT/BIC code
ftm-property-taxNumber = Tax number
ftm-property-title = Title
ftm-property-username = Username
ftm-property-website = Website
goaml-role-from_person = Sender (person)
goaml-role-from_account = Sender account
goaml-role-from_entity = Sender (organisation)
goaml-role-to_person = Recipient (person)
goaml-role-to_account = Recipient account
goaml-role-to_entity = Recipient (organisation)
goaml-role-reporting_person = Reporting person
goaml-role-person = Person
goaml-role-person_my_client = Person, client of the reporting bank
goaml-role-t_person = Person
goaml-role-account = Account
goaml-role-account_my_client = Account at the reporting bank
goaml-role-entity = Organisation
goaml-role-entity_my_client = Organisation, client of the reporting bank
goaml-role-t_entity = Organisation
goaml-role-address = Address
goaml-role-location = Location
goaml-role-transaction_address = Transaction address
goaml-role-employer_address_id = Employer's address
goaml-role-director_id = Director
