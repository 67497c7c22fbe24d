//! FollowTheMoney entities extracted from a validated goAML report.
//!
//! Schemas follow FtM: `Person`, `Company`, `BankAccount`, `Address`, `Ownership`
//! (account holder or signatory) and `Payment` (one per report transaction). Two more
//! come from goAML 5.1 and 5.2 elements:
//! - `UserAccount`: a `social_media/social_account` of a person or company, its owner;
//! - `CryptoWallet`: the `virtual_address` of a `transaction_additional_info`, held by
//!   the persons and companies beside it.
//!
//! Phones and e-mail addresses are properties (`phone`, `email`) of the person or
//! company, as in FtM.
//!
//! Invariants:
//! - an entity id is a hash of its normalised identifying properties, so the same
//!   person, account or company reported twice gets the same id;
//! - every name part is stored exactly as given, in whatever script, never transliterated;
//! - property values are kept sorted and without duplicates, so output is deterministic.

use std::collections::{BTreeMap, BTreeSet};

use mekong_core::ids::derive_id;
use serde::{Deserialize, Serialize};

use crate::report::{Node, Report};

/// An FtM entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// The deterministic id.
    pub id: String,
    /// The FtM schema, such as `Person`.
    pub schema: String,
    /// FtM property name to its values.
    pub properties: BTreeMap<String, BTreeSet<String>>,
}

impl Entity {
    fn new(schema: &str, id: String) -> Entity {
        Entity {
            id,
            schema: schema.to_owned(),
            properties: BTreeMap::new(),
        }
    }

    fn add(&mut self, property: &str, value: Option<&str>) {
        if let Some(value) = value.map(str::trim).filter(|value| !value.is_empty()) {
            self.properties
                .entry(property.to_owned())
                .or_default()
                .insert(value.to_owned());
        }
    }

    /// Returns the first value of a property.
    pub fn first(&self, property: &str) -> Option<&str> {
        self.properties
            .get(property)
            .and_then(|values| values.iter().next())
            .map(String::as_str)
    }

    /// Adds every value of `other` to this entity.
    pub fn merge_from(&mut self, other: &Entity) {
        for (property, values) in &other.properties {
            self.properties
                .entry(property.clone())
                .or_default()
                .extend(values.iter().cloned());
        }
    }
}

/// An entity's appearance in a report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Appearance {
    /// The entity.
    pub entity_id: String,
    /// The element it appeared as, such as `from_person`.
    pub role: String,
    /// The report's transaction number, empty outside transactions.
    pub transaction_number: String,
}

/// The entities of one report and where they appear.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    /// Entities by id.
    pub entities: BTreeMap<String, Entity>,
    /// Appearances, sorted.
    pub appearances: BTreeSet<Appearance>,
}

/// Returns whether the element is a `transaction_additional_info`, with or without a
/// `from_` or `to_` prefix.
fn is_additional_info(node: &Node) -> bool {
    node.name.ends_with("transaction_additional_info")
}

/// Normalises a name or identifier for matching: lower case, whitespace removed.
pub fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Returns a person's date of birth as `YYYY-MM-DD`.
fn date_part(text: &str) -> &str {
    text.get(..10).unwrap_or(text)
}

/// Extracts the entities of a report; `report_id` names the report in payment ids.
pub fn extract(report: &Report, report_id: &str) -> Extraction {
    let mut extraction = Extraction::default();

    for transaction in report.root.children_named("transaction") {
        let number = transaction
            .text_of("transactionnumber")
            .unwrap_or_default()
            .to_owned();
        let mut payment = Entity::new(
            "Payment",
            derive_id("ftm-payment-", &[report_id.as_bytes(), number.as_bytes()]),
        );
        payment.add("recordId", Some(&number));
        payment.add(
            "date",
            transaction.text_of("date_transaction").map(date_part),
        );
        payment.add("amount", transaction.text_of("amount_local"));
        payment.add("currency", Some(&report.currency_code_local));
        payment.add("purpose", transaction.text_of("transaction_description"));

        for side in &transaction.children {
            let (party, account) = match side.name.as_str() {
                "t_from" | "t_from_my_client" => ("payer", "payerAccount"),
                "t_to" | "t_to_my_client" => ("beneficiary", "beneficiaryAccount"),
                _ => continue,
            };
            let mut parties = Vec::new();
            let mut wallets = Vec::new();
            for child in &side.children {
                let Some(id) = extraction.visit(child, &number) else {
                    continue;
                };

                if is_additional_info(child) {
                    wallets.push(id);
                } else if child.name.ends_with("_account") {
                    payment.add(account, Some(&id));
                } else {
                    payment.add(party, Some(&id));
                    parties.push(id);
                }
            }
            extraction.hold(&wallets, &parties);
        }
        extraction.insert(payment);
    }

    for child in report
        .root
        .children
        .iter()
        .filter(|child| child.name != "transaction")
    {
        extraction.visit(child, "");
    }
    extraction
}

impl Extraction {
    fn insert(&mut self, entity: Entity) -> String {
        let id = entity.id.clone();
        match self.entities.get_mut(&id) {
            Some(stored) => stored.merge_from(&entity),
            None => {
                self.entities.insert(id.clone(), entity);
            }
        }
        id
    }

    fn appear(&mut self, entity_id: &str, role: &str, transaction: &str) {
        self.appearances.insert(Appearance {
            entity_id: entity_id.to_owned(),
            role: role.to_owned(),
            transaction_number: transaction.to_owned(),
        });
    }

    /// Extracts the entity an element describes, and those nested in it; returns the element's own entity id.
    fn visit(&mut self, node: &Node, transaction: &str) -> Option<String> {
        let type_name = node.type_name.as_deref().unwrap_or_default();
        let id = if type_name.starts_with("t_person")
            || type_name.starts_with("t_conductor")
            || node.name == "director_id"
        {
            Some(self.person(node))
        } else if type_name.starts_with("t_entity") {
            Some(self.company(node, transaction))
        } else if type_name.starts_with("t_account") {
            Some(self.account(node, transaction))
        } else if type_name == "t_address" {
            Some(self.address(node).id)
        } else if is_additional_info(node) {
            self.wallet(node)
        } else {
            // A container such as `t_party`: wallets in it are held by the parties beside them.
            let mut parties = Vec::new();
            let mut wallets = Vec::new();
            for child in &node.children {
                let Some(id) = self.visit(child, transaction) else {
                    continue;
                };

                if is_additional_info(child) {
                    wallets.push(id);
                } else if !child.name.ends_with("account") && !child.name.ends_with("address") {
                    parties.push(id);
                }
            }
            self.hold(&wallets, &parties);
            None
        };

        if let Some(id) = &id {
            self.appear(id, &node.name, transaction);
        }
        id
    }

    fn contacts(&mut self, node: &Node, entity: &mut Entity) {
        for phone in node
            .children_named("phones")
            .flat_map(|phones| phones.children_named("phone"))
        {
            let number = format!(
                "{}{}",
                phone.text_of("tph_country_prefix").unwrap_or_default(),
                phone.text_of("tph_number").unwrap_or_default()
            );
            entity.add("phone", Some(&number));
        }
        for email in node.children_named("email") {
            entity.add("email", Some(&email.text));
        }
        for address in node
            .children_named("addresses")
            .flat_map(|addresses| addresses.children_named("address"))
        {
            let address = self.address(address);
            entity.add("address", address.first("full"));
            entity.add("addressEntity", Some(&address.id));
        }
        for social in node
            .children_named("social_media")
            .flat_map(|media| media.children_named("social_account"))
        {
            self.user_account(social, &entity.id);
        }
    }

    /// Extracts a `social_account` as an FtM `UserAccount` owned by `owner`.
    fn user_account(&mut self, node: &Node, owner: &str) {
        let service = node.text_of("platform").unwrap_or_default();
        let username = node.text_of("user_name").unwrap_or_default();

        // Platforms differ on whether user names are case-sensitive, so only the
        // platform is normalised.
        let id = derive_id(
            "ftm-useraccount-",
            &[normalise(service).as_bytes(), username.trim().as_bytes()],
        );
        let mut account = Entity::new("UserAccount", id);
        account.add("service", Some(service));
        account.add("username", Some(username));
        account.add("owner", Some(owner));
        account.add("notes", node.text_of("comments"));
        self.insert(account);
    }

    /// Extracts the `virtual_address` of a `transaction_additional_info` as an FtM
    /// `CryptoWallet`; returns `None` when the element has no address.
    fn wallet(&mut self, node: &Node) -> Option<String> {
        let address = node.text_of("virtual_address")?.trim();
        if address.is_empty() {
            return None;
        }

        // Wallet addresses are case-sensitive (Base58, for one), so they are not normalised.
        let mut wallet = Entity::new(
            "CryptoWallet",
            derive_id("ftm-wallet-", &[address.as_bytes()]),
        );
        wallet.add("publicKey", Some(address));
        Some(self.insert(wallet))
    }

    /// Records the parties as holders of the wallets.
    fn hold(&mut self, wallets: &[String], parties: &[String]) {
        for wallet in wallets {
            if let Some(entity) = self.entities.get_mut(wallet) {
                for party in parties {
                    entity.add("holder", Some(party));
                }
            }
        }
    }

    fn address(&mut self, node: &Node) -> Entity {
        let parts: Vec<&str> = ["address", "town", "city", "zip", "country_code", "state"]
            .iter()
            .filter_map(|name| node.text_of(name))
            .collect();
        let full = parts.join(", ");
        let mut address = Entity::new(
            "Address",
            derive_id("ftm-address-", &[normalise(&full).as_bytes()]),
        );
        address.add("full", Some(&full));
        address.add("street", node.text_of("address"));
        address.add("city", node.text_of("city"));
        address.add("postalCode", node.text_of("zip"));
        address.add(
            "country",
            node.text_of("country_code")
                .map(str::to_lowercase)
                .as_deref(),
        );
        self.insert(address.clone());
        address
    }

    fn person(&mut self, node: &Node) -> String {
        let parts: Vec<&str> = ["prefix", "first_name", "middle_name", "last_name"]
            .iter()
            .filter_map(|name| node.text_of(name))
            .collect();
        let name = parts.join(" ");
        let birth = node.text_of("birthdate").map(date_part).unwrap_or_default();
        let mut numbers: Vec<String> = node
            .children_named("identification")
            .filter_map(|identification| identification.text_of("number"))
            .chain(node.text_of("id_number"))
            .chain(node.text_of("passport_number"))
            .map(normalise)
            .collect();
        numbers.sort();
        numbers.dedup();

        let id = derive_id(
            "ftm-person-",
            &[
                normalise(&name).as_bytes(),
                birth.as_bytes(),
                numbers.join(",").as_bytes(),
            ],
        );
        let mut person = Entity::new("Person", id);
        person.add("name", Some(&name));
        person.add("firstName", node.text_of("first_name"));
        person.add("middleName", node.text_of("middle_name"));
        person.add("lastName", node.text_of("last_name"));
        person.add("title", node.text_of("title"));
        person.add("birthDate", Some(birth));
        person.add("birthPlace", node.text_of("birth_place"));
        person.add("gender", node.text_of("gender"));
        person.add(
            "nationality",
            node.text_of("nationality1")
                .map(str::to_lowercase)
                .as_deref(),
        );
        person.add("passportNumber", node.text_of("passport_number"));
        person.add("idNumber", node.text_of("id_number"));
        person.add("taxNumber", node.text_of("tax_number"));
        person.add("position", node.text_of("occupation"));
        for alias in node.children_named("alias") {
            person.add("alias", Some(&alias.text));
        }
        for identification in node.children_named("identification") {
            person.add("idNumber", identification.text_of("number"));
        }
        self.contacts(node, &mut person);
        self.insert(person)
    }

    fn company(&mut self, node: &Node, transaction: &str) -> String {
        let name = node.text_of("name").unwrap_or_default();
        let registration = node.text_of("incorporation_number").unwrap_or_default();
        let country = node
            .text_of("incorporation_country_code")
            .unwrap_or_default();
        let id = derive_id(
            "ftm-company-",
            &[
                normalise(name).as_bytes(),
                normalise(registration).as_bytes(),
                country.as_bytes(),
            ],
        );

        let mut company = Entity::new("Company", id.clone());
        company.add("name", Some(name));
        company.add("alias", node.text_of("commercial_name"));
        company.add("registrationNumber", Some(registration));
        company.add("jurisdiction", Some(&country.to_lowercase()));
        company.add("legalForm", node.text_of("incorporation_legal_form"));
        company.add("website", node.text_of("url"));
        self.contacts(node, &mut company);

        for director in node.children_named("director_id") {
            if let Some(person) = self.visit(director, transaction) {
                self.ownership(&person, &id, "director");
            }
        }
        self.insert(company)
    }

    fn account(&mut self, node: &Node, transaction: &str) -> String {
        let bank = node
            .text_of("swift")
            .or(node.text_of("institution_code"))
            .or(node.text_of("institution_name"));
        let number = node
            .text_of("account")
            .or(node.text_of("iban"))
            .unwrap_or_default();
        let id = derive_id(
            "ftm-account-",
            &[
                normalise(bank.unwrap_or_default()).as_bytes(),
                normalise(number).as_bytes(),
            ],
        );

        let mut account = Entity::new("BankAccount", id.clone());
        account.add("accountNumber", node.text_of("account"));
        account.add("iban", node.text_of("iban"));
        account.add("bankName", node.text_of("institution_name"));
        account.add("swiftBic", node.text_of("swift"));
        account.add("currency", node.text_of("currency_code"));
        account.add("accountType", node.text_of("personal_account_type"));
        account.add("openingDate", node.text_of("opened").map(date_part));

        for holder in node.children_named("t_entity") {
            if let Some(owner) = self.visit(holder, transaction) {
                self.ownership(&owner, &id, "holder");
            }
        }
        for signatory in node.children_named("signatory") {
            for person in signatory.children_named("t_person") {
                if let Some(owner) = self.visit(person, transaction) {
                    self.ownership(&owner, &id, "signatory");
                }
            }
        }
        self.insert(account)
    }

    fn ownership(&mut self, owner: &str, asset: &str, role: &str) {
        let mut ownership = Entity::new(
            "Ownership",
            derive_id("ftm-ownership-", &[owner.as_bytes(), asset.as_bytes()]),
        );
        ownership.add("owner", Some(owner));
        ownership.add("asset", Some(asset));
        ownership.add("role", Some(role));
        self.insert(ownership);
    }
}
