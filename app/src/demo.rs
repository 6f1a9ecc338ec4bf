//! `server seed-demo`: a small, realistic network so a newcomer sees a living
//! app. Idempotent: if the demo network exists, nothing changes.
//! All names are fictional; NHS numbers are in the 999 test range.

use crate::accounts::model::Email;
use crate::accounts::repo as accounts;
use crate::error::AppError;
use crate::ids::{OrgId, UserId};
use crate::org::model::Role;
use crate::org::model::{ClinicalSystem, OrgKind};
use crate::org::service as orgs;
use crate::server::clock::{DAY_MS, HOUR_MS};
use crate::server::Ctx;

pub const DEMO_HUB_ODS: &str = "Y90010";
const DOMAIN: &str = "gatehouse-demo.nhs.uk";

#[derive(Debug, PartialEq, Eq)]
pub enum SeedOutcome {
    Created {
        organisations: usize,
        people: usize,
        patients: usize,
        shifts: usize,
    },
    AlreadyPresent,
}

/// A demo person as `seed-demo` lists them: who they are and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoPerson {
    pub name: &'static str,
    pub email: String,
    /// "Receptionist, Harbour View Surgery", one per role.
    pub roles: Vec<String>,
}

/// Who is who in the demo network (staff and locums), in the order
/// `seed-demo` creates them.
pub fn demo_people() -> Vec<DemoPerson> {
    PEOPLE
        .iter()
        .map(|person| DemoPerson {
            name: person.name,
            email: demo_address(person.name),
            roles: person
                .roles
                .iter()
                .map(|(place, role)| {
                    let place = match place {
                        Place::Network => NETWORK_NAME,
                        Place::Hub => HUB_NAME,
                        Place::Practice(i) => PRACTICES[*i].0,
                    };
                    format!("{}, {place}", role.label())
                })
                .collect(),
        })
        .collect()
}

fn demo_address(name: &str) -> String {
    format!("{}@{DOMAIN}", name.to_lowercase().replace(' ', "."))
}

const NETWORK_NAME: &str = "Coastline Locum Network";
const HUB_NAME: &str = "Coastline Federation GP Practice Bank Staff";

struct Person {
    name: &'static str,
    roles: &'static [(Place, Role)],
}

#[derive(Clone, Copy)]
enum Place {
    Network,
    Hub,
    Practice(usize),
}

const PRACTICES: [(&str, &str); 3] = [
    ("Harbour View Surgery", "Y90001"),
    ("Elm Tree Medical Centre", "Y90002"),
    ("Riverside Health Centre", "Y90003"),
];

/// Each demo practice's address and phone number (fictional: Ofcom's
/// drama numbers, 01632 960xxx), in `PRACTICES` order.
const PRACTICE_CONTACTS: [(&str, &str); 3] = [
    ("1 Harbour Road\nSeaton\nSE1 1AA", "01632 960 001"),
    ("22 Elm Tree Lane\nSeaton\nSE2 4BB", "01632 960 002"),
    ("5 River Walk\nSeaton\nSE3 7CC", "01632 960 003"),
];

const PEOPLE: &[Person] = &[
    Person {
        name: "Grace Adams",
        roles: &[(Place::Network, Role::NetworkAdmin)],
    },
    Person {
        name: "Helen Price",
        roles: &[(Place::Hub, Role::HubManager)],
    },
    // Holds two roles in one practice: she appears twice in its staff list.
    Person {
        name: "Priya Shah",
        roles: &[
            (Place::Practice(0), Role::PracticeAdmin),
            (Place::Practice(0), Role::Receptionist),
        ],
    },
    // A GP with sessions at all three practices, which share the All
    // Practices inbox view: the help centre's example.
    Person {
        name: "Tom Hughes",
        roles: &[
            (Place::Practice(0), Role::Gp),
            (Place::Practice(1), Role::Gp),
            (Place::Practice(2), Role::Gp),
        ],
    },
    Person {
        name: "Mark Ellis",
        roles: &[(Place::Practice(1), Role::PracticeAdmin)],
    },
    Person {
        name: "Sarah Okafor",
        roles: &[(Place::Practice(1), Role::Nurse)],
    },
    Person {
        name: "Aisha Rahman",
        roles: &[(Place::Practice(2), Role::PracticeAdmin)],
    },
    Person {
        name: "Ben Carter",
        roles: &[(Place::Network, Role::Locum), (Place::Hub, Role::Locum)],
    },
    Person {
        name: "Rosa Lind",
        roles: &[(Place::Network, Role::Locum)],
    },
];

const PATIENTS: [(&str, &str, &str); 6] = [
    ("Olivia", "Bennett", "1984-03-15"),
    ("Harry", "Patel", "1952-11-02"),
    ("Amelia", "Jones", "2001-07-21"),
    ("George", "Wright", "1969-01-30"),
    ("Isla", "Murphy", "1990-09-09"),
    ("Noah", "Clarke", "1977-05-04"),
];

/// A valid NHS number (modulus 11) in the 999 test range, the `n`th one.
pub fn test_nhs_number(n: u32) -> String {
    let mut candidate = 999_000_000u64 + u64::from(n) * 7;
    loop {
        let digits: Vec<u64> = candidate
            .to_string()
            .chars()
            .filter_map(|c| c.to_digit(10))
            .map(u64::from)
            .collect();
        let sum: u64 = digits
            .iter()
            .enumerate()
            .map(|(i, d)| d * (10 - i as u64))
            .sum();
        let check = 11 - (sum % 11);
        let check = if check == 11 { 0 } else { check };
        if check != 10 {
            return format!("{candidate}{check}");
        }
        candidate += 1;
    }
}

/// The demo patient who books appointments (Harbour View Surgery).
pub const DEMO_PATIENT_EMAIL: &str = "ruby.ahmed@example.com";

pub async fn seed_demo(cx: Ctx<'_>) -> Result<SeedOutcome, AppError> {
    let now = cx.now_ms();
    let mut tx = cx.db.begin().await?;
    if orgs::find_by_ods_code(&mut tx, DEMO_HUB_ODS)
        .await?
        .is_some()
    {
        return Ok(SeedOutcome::AlreadyPresent);
    }

    let network =
        orgs::insert_organisation(&mut tx, OrgKind::Network, NETWORK_NAME, None, None, now).await?;
    let hub = orgs::insert_organisation(
        &mut tx,
        OrgKind::Hub,
        HUB_NAME,
        Some(DEMO_HUB_ODS),
        Some(&network),
        now,
    )
    .await?;
    let mut practices = Vec::new();
    for ((name, ods), (address, phone)) in PRACTICES.into_iter().zip(PRACTICE_CONTACTS) {
        let practice =
            orgs::insert_organisation(&mut tx, OrgKind::Practice, name, Some(ods), Some(&hub), now)
                .await?;
        let contact = orgs::PracticeUpdate {
            name,
            clinical_system: ClinicalSystem::Other,
            address: Some(address),
            phone: Some(phone),
        };
        orgs::update_organisation(&mut tx, &practice, &contact).await?;
        practices.push(practice);
    }

    let mut locums = Vec::new();
    for person in PEOPLE {
        let address = demo_address(person.name);
        let email = Email::parse(&address).map_err(AppError::internal)?;
        let user_id = match accounts::find_user_id_by_email(&mut tx, &email).await? {
            Some(id) => id,
            None => accounts::insert_user(&mut tx, &email, person.name, now).await?,
        };
        for (place, role) in person.roles {
            let org = match place {
                Place::Network => &network,
                Place::Hub => &hub,
                Place::Practice(i) => &practices[*i],
            };
            orgs::ensure_membership(&mut tx, &user_id, org, *role, now).await?;
            if *role == Role::Locum && !locums.contains(&user_id) {
                locums.push(user_id.clone());
            }
        }
    }

    seed_locum_network(cx, &mut tx, &network, &hub, now).await?;

    // Harbour View runs EMIS Web (its staff have EMIS usernames), Elm Tree
    // SystmOne; Harbour View has an invitation waiting to be accepted.
    orgs::set_clinical_system(&mut tx, &practices[0], ClinicalSystem::EmisWeb).await?;
    orgs::set_clinical_system(&mut tx, &practices[1], ClinicalSystem::SystmOne).await?;
    for (name, emis) in [("priya.shah", "PSHAH"), ("tom.hughes", "THUGHES")] {
        let email = Email::parse(&format!("{name}@{DOMAIN}")).map_err(AppError::internal)?;
        let user_id = accounts::find_user_id_by_email(&mut tx, &email)
            .await?
            .ok_or_else(|| AppError::internal("demo person missing"))?;
        for member in orgs::members(&mut tx, &practices[0]).await? {
            if member.user_id == user_id && member.role != Role::PracticeAdmin {
                orgs::set_membership_emis(&mut tx, &member.membership_id, Some(emis)).await?;
            }
        }
    }
    let inviter = accounts::find_user_id_by_email(
        &mut tx,
        &Email::parse(&format!("priya.shah@{DOMAIN}")).map_err(AppError::internal)?,
    )
    .await?
    .unwrap_or_default();
    let invite = crate::staff::invitations::repo::insert_invite(
        &mut tx,
        &crate::staff::invitations::repo::NewInvite {
            organisation_id: &practices[0],
            email: &format!("sam.pharmacist@{DOMAIN}"),
            role: Role::Pharmacist,
            emis_username: Some("SPHARM"),
            invited_by: &inviter,
            status: crate::staff::invitations::model::InviteState::Pending,
            now_ms: now,
            expires_at: now + 7 * DAY_MS,
        },
    )
    .await?;
    // Nobody holds this link's token: the admin uses "Resend" or "Copy new link".
    let (_, unused_hash) = crate::server::tokens::new_token();
    crate::staff::invitations::repo::issue_link(
        &mut tx,
        &practices[0],
        &invite,
        &unused_hash,
        now,
        now + 7 * DAY_MS,
    )
    .await?;

    let mut patient_count = 0;
    for (p, practice) in practices.iter().enumerate() {
        for (i, (given, family, dob)) in PATIENTS.iter().enumerate().skip(p * 2).take(2) {
            sqlx::query(
                "INSERT INTO patients (id, practice_id, nhs_number, given_name, family_name, family_lower, given_lower, date_of_birth, email, created_at, portal_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(practice)
            .bind(test_nhs_number(i as u32))
            .bind(*given)
            .bind(*family)
            .bind(family.to_lowercase())
            .bind(given.to_lowercase())
            .bind(*dob)
            .bind(format!("{}.{}@example.com", given.to_lowercase(), family.to_lowercase()))
            .bind(now)
            .bind(crate::patients::codes::new_patient_id())
            .execute(&mut *tx)
            .await?;
            patient_count += 1;
        }
    }

    // A patient of Harbour View whose Patient Profile is "Active", with an
    // account (no password: "Forgot your password?" gives one), to book
    // appointments online once the practice's EMIS link is set up; the
    // practice sends reminders and lets patients book GP appointments.
    let ruby_email = Email::parse(DEMO_PATIENT_EMAIL).map_err(AppError::internal)?;
    let ruby = match accounts::find_user_id_by_email(&mut tx, &ruby_email).await? {
        Some(id) => id,
        None => accounts::insert_user(&mut tx, &ruby_email, "Ruby Ahmed", now).await?,
    };
    sqlx::query(
        "INSERT INTO patients (id, practice_id, nhs_number, given_name, family_name, family_lower, given_lower, date_of_birth, email, created_at, portal_id, account_state, user_id)
         VALUES ($1, $2, $3, 'Ruby', 'Ahmed', 'ahmed', 'ruby', '1988-04-12', $4, $5, $6, 'active', $7)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(&practices[0])
    .bind(test_nhs_number(40))
    .bind(DEMO_PATIENT_EMAIL)
    .bind(now)
    .bind(crate::patients::codes::new_patient_id())
    .bind(&ruby)
    .execute(&mut *tx)
    .await?;
    patient_count += 1;
    sqlx::query(
        "INSERT INTO appointment_settings (organisation_id, reminders_on, reminder_hours, reminder_message,
             booking_on, booking_slot_types, booking_days_ahead)
         VALUES ($1, 1, '48,2', $2, 1, 'General GP Appointment', 14)",
    )
    .bind(&practices[0])
    .bind(crate::clinical::appointments::model::DEFAULT_MESSAGE)
    .execute(&mut *tx)
    .await?;

    seed_requests(&mut tx, &practices, now).await?;

    // Shifts over the coming week, 08:00 to 18:00 UTC; one booked.
    let today = now - now.rem_euclid(DAY_MS);
    let mut shift_count = 0;
    for (i, practice) in practices.iter().enumerate() {
        for day in [1, 3] {
            let starts = today + (day + i as i64) * DAY_MS + 8 * HOUR_MS;
            let (status, locum) = if i == 0 && day == 1 {
                ("booked", locums.first().cloned())
            } else {
                ("open", None)
            };
            // A shift is the hub's or the practice's, never both.
            let (practice_id, hub_id) = if day == 3 {
                (None, Some(hub.clone()))
            } else {
                (Some(practice.clone()), None)
            };
            sqlx::query(
                "INSERT INTO shifts (id, practice_id, hub_id, role, starts_at, ends_at, rate_pence, status, locum_id, created_at)
                 VALUES ($1, $2, $3, 'gp', $4, $5, $6, $7, $8, $9)",
            )
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(practice_id)
            .bind(hub_id)
            .bind(starts)
            .bind(starts + 10 * HOUR_MS)
            .bind(8_500i64)
            .bind(status)
            .bind(locum)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            shift_count += 1;
        }
    }
    // Each locum is available three mornings, from the day after next.
    for (i, locum) in locums.iter().enumerate() {
        for day in 2..5 {
            let date = crate::server::dates::uk_local(today + (day + i as i64) * DAY_MS).date();
            let (start, end) = crate::shifts::model::Segment::Morning.minutes();
            let (Some(starts), Some(ends)) = (
                crate::shifts::service::local_instant(date, start),
                crate::shifts::service::local_instant(date, end),
            ) else {
                continue;
            };
            sqlx::query(
                "INSERT INTO availability (locum_id, day, segment, starts_at, ends_at, created_at)
                 VALUES ($1, $2, 'morning', $3, $4, $5)",
            )
            .bind(locum)
            .bind(crate::shifts::service::iso(date))
            .bind(starts)
            .bind(ends)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(SeedOutcome::Created {
        organisations: 2 + practices.len(),
        people: PEOPLE.len(),
        patients: patient_count,
        shifts: shift_count,
    })
}

/// The locum network's screens, not empty: Ben Carter and Rosa Lind have
/// active registrations (Ben is enabled in the hub, Rosa has asked to
/// join it), Sam Turner waits for activation, and the hub has two
/// locations.
async fn seed_locum_network(
    cx: Ctx<'_>,
    tx: &mut sqlx::AnyConnection,
    network: &OrgId,
    hub: &OrgId,
    now: i64,
) -> Result<(), AppError> {
    let register = "INSERT INTO locum_registrations (id, network_id, email, email_lower, name,
            mobile, profession, registration_number, password_hash, hub_id, state, user_id,
            created_at, verified_at, decided_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14)";
    for (name, mobile, number) in [
        ("Ben Carter", "07700 900 301", "7012345"),
        ("Rosa Lind", "07700 900 302", "7023456"),
    ] {
        let address = demo_address(name);
        let email = Email::parse(&address).map_err(AppError::internal)?;
        let user_id = accounts::find_user_id_by_email(&mut *tx, &email)
            .await?
            .ok_or_else(|| AppError::internal("a demo locum is missing"))?;
        sqlx::query(register)
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(network)
            .bind(&address)
            .bind(&address)
            .bind(name)
            .bind(mobile)
            .bind("gp")
            .bind(number)
            .bind(None::<String>)
            .bind(None::<String>)
            .bind("active")
            .bind(&user_id)
            .bind(now)
            .bind(Some(now))
            .execute(&mut *tx)
            .await?;
        if name == "Rosa Lind" {
            let membership =
                orgs::add_membership(&mut *tx, &user_id, hub, Role::Locum.as_str(), None, now)
                    .await?;
            orgs::set_membership_status(&mut *tx, &membership, "requested").await?;
        }
    }
    let waiting_hash = cx
        .hasher
        .hash(crate::server::tokens::random_hex(16))
        .await?;
    sqlx::query(register)
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(network)
        .bind("sam.turner@example.com")
        .bind("sam.turner@example.com")
        .bind("Sam Turner")
        .bind("07700 900 303")
        .bind("nurse")
        .bind("12A3456E")
        .bind(Some(waiting_hash))
        .bind(Some(hub))
        .bind("awaiting_activation")
        .bind(None::<String>)
        .bind(now)
        .bind(None::<i64>)
        .execute(&mut *tx)
        .await?;
    for (i, (name, address)) in [
        ("Harbour View Surgery", "1 Harbour Road, Seaton SE1 1AA"),
        ("Riverside Health Centre", "5 River Walk, Seaton SE3 7CC"),
    ]
    .into_iter()
    .enumerate()
    {
        sqlx::query(
            "INSERT INTO hub_locations (id, hub_id, name, address, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(hub)
        .bind(name)
        .bind(address)
        .bind(now + i as i64)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Patient requests: a few per practice, oldest first, one urgent, some
/// assigned to a person or to Harbour View's "Secretaries" group inbox. All
/// three practices enable the All Practices inbox view.
async fn seed_requests(
    tx: &mut sqlx::AnyConnection,
    practices: &[OrgId],
    now: i64,
) -> Result<(), AppError> {
    use crate::requests::contact::model::ValidRequest;
    use crate::requests::model::RequestKind;
    use crate::requests::repo;
    let admin: UserId = sqlx::query_scalar("SELECT id FROM users WHERE email_lower = $1")
        .bind(format!("priya.shah@{DOMAIN}"))
        .fetch_one(&mut *tx)
        .await?;
    for practice in practices {
        orgs::set_all_practices(&mut *tx, practice, true).await?;
    }
    let secretaries = crate::requests::group_inboxes::repo::insert_group_inbox(
        &mut *tx,
        &practices[0],
        "Secretaries",
        Role::Secretary.as_str(),
        &admin,
        now,
    )
    .await?;
    let gp: Option<UserId> = sqlx::query_scalar("SELECT id FROM users WHERE email_lower = $1")
        .bind(format!("tom.hughes@{DOMAIN}"))
        .fetch_optional(&mut *tx)
        .await?;
    // (practice, patient, date of birth, kind, what they wrote, urgent,
    // assigned: 0 nobody, 1 Tom Hughes, 2 Secretaries). Tom has five across
    // the three practices; the newest, at Riverside, is urgent.
    let requests: [(usize, &str, &str, RequestKind, &str, bool, u8); 7] = [
        (0, "Olivia Bennett", "1984-03-15", RequestKind::Medical, "A rash on my arm that has not gone away after two weeks.", false, 1),
        (0, "Harry Patel", "1952-11-02", RequestKind::Admin, "Please could I have a copy of my last blood test results?", false, 2),
        (0, "Amelia Jones", "2001-07-21", RequestKind::Medical, "My asthma inhaler is running out. Can it be added to my repeat prescriptions?", false, 0),
        (0, "George Wright", "1969-01-30", RequestKind::Admin, "I need a fit note for work after my operation last week.", false, 1),
        (1, "Isla Murphy", "1990-09-09", RequestKind::Medical, "I would like to talk to a nurse about travel vaccinations for a trip in March.", false, 1),
        (1, "Noah Clarke", "1977-05-04", RequestKind::Admin, "I have moved house. Please update my address.", false, 1),
        (2, "Olivia Bennett", "1984-03-15", RequestKind::Medical, "I have had a sore throat and a high temperature for five days and it is getting worse.", true, 1),
    ];
    for (n, (practice, name, dob, kind, text, urgent, assigned)) in requests.into_iter().enumerate()
    {
        let request = ValidRequest {
            patient_name: name.to_string(),
            date_of_birth: dob.to_string(),
            nhs_number: None,
            email: Some(format!(
                "{}@example.com",
                name.to_lowercase().replace(' ', ".")
            )),
            phone: None,
            kind,
            description: text.to_string(),
        };
        let at = now - (7 - n as i64) * HOUR_MS;
        let (id, _) = repo::insert_request(
            &mut *tx,
            repo::RequestInsert {
                practice_id: &practices[practice],
                request: &request,
                source: if n % 3 == 2 { "phone" } else { "online" },
                now: at,
            },
        )
        .await?;
        crate::requests::request::repo::set_urgent(&mut *tx, &id, urgent, at).await?;
        match assigned {
            1 => repo::set_assignment(&mut *tx, &id, gp.as_ref(), None, at).await?,
            2 => repo::set_assignment(&mut *tx, &id, None, Some(&secretaries), at).await?,
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::clock::FixedClock;
    use crate::server::testing::{cx_of, fresh_db};
    use crate::server::Db;

    fn count(db: &Db, table: &str) -> impl std::future::Future<Output = i64> {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let pool = db.pool.clone();
        async move { sqlx::query_scalar(&sql).fetch_one(&pool).await.unwrap() }
    }

    #[test]
    fn demo_nhs_numbers_pass_the_modulus_11_check_and_are_in_the_test_range() {
        for n in 0..20 {
            let number = test_nhs_number(n);
            assert_eq!(number.len(), 10);
            assert!(number.starts_with("999"));
            let digits: Vec<u32> = number.chars().map(|c| c.to_digit(10).unwrap()).collect();
            let sum: u32 = digits[..9]
                .iter()
                .enumerate()
                .map(|(i, d)| d * (10 - i as u32))
                .sum();
            assert_eq!((11 - sum % 11) % 11, digits[9]);
        }
    }

    #[tokio::test]
    async fn seeding_twice_creates_the_demo_network_once() {
        let db = fresh_db().await;
        let clock = FixedClock::at(1_700_000_000_000);
        let first = seed_demo(cx_of(&db, clock.as_ref())).await.unwrap();
        assert_eq!(
            first,
            SeedOutcome::Created {
                organisations: 5,
                people: 9,
                patients: 7,
                shifts: 6
            }
        );
        let before = (
            count(&db, "organisations").await,
            count(&db, "memberships").await,
            count(&db, "shifts").await,
        );
        assert_eq!(
            seed_demo(cx_of(&db, clock.as_ref())).await.unwrap(),
            SeedOutcome::AlreadyPresent
        );
        let after = (
            count(&db, "organisations").await,
            count(&db, "memberships").await,
            count(&db, "shifts").await,
        );
        assert_eq!(before, after);
        assert_eq!(count(&db, "availability").await, 6);
        assert_eq!(count(&db, "requests").await, 7);
        assert_eq!(count(&db, "group_inboxes").await, 1);
    }

    #[tokio::test]
    async fn the_demo_gp_finds_five_requests_from_three_practices_with_the_urgent_one_at_the_top() {
        let db = fresh_db().await;
        seed_demo(cx_of(&db, FixedClock::at(1_700_000_000_000).as_ref()))
            .await
            .unwrap();
        let gp: UserId = sqlx::query_scalar("SELECT id FROM users WHERE email_lower = $1")
            .bind(format!("tom.hughes@{DOMAIN}"))
            .fetch_one(&db.pool)
            .await
            .unwrap();
        let practice: OrgId =
            sqlx::query_scalar("SELECT id FROM organisations WHERE ods_code = 'Y90001'")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        let user = crate::auth::model::CurrentUser {
            id: gp,
            name: "Tom Hughes".into(),
            email: format!("tom.hughes@{DOMAIN}"),
            memberships: vec![],
            organisation_id: None,
            unread_notifications: 0,
        };
        let mine = crate::requests::inbox::service::inbox(
            cx_of(&db, &crate::server::clock::SystemClock),
            &user,
            &crate::requests::inbox::model::InboxView::Mine {
                practice_id: practice,
            },
            &Default::default(),
        )
        .await
        .unwrap();
        assert_eq!(mine.len(), 2);
        let all = crate::requests::inbox::service::inbox(
            cx_of(&db, &crate::server::clock::SystemClock),
            &user,
            &crate::requests::inbox::model::InboxView::MineAllPractices,
            &Default::default(),
        )
        .await
        .unwrap();
        let practices: Vec<&str> = all.iter().map(|r| r.practice_name.as_str()).collect();
        assert_eq!(
            practices,
            [
                "Riverside Health Centre",
                "Harbour View Surgery",
                "Harbour View Surgery",
                "Elm Tree Medical Centre",
                "Elm Tree Medical Centre"
            ]
        );
        assert!(all[0].urgent && all[0].patient_name == "Olivia Bennett");
        assert!(all[1..].iter().all(|r| !r.urgent));
    }

    #[tokio::test]
    async fn one_demo_person_holds_two_roles_in_one_practice() {
        let db = fresh_db().await;
        seed_demo(cx_of(&db, FixedClock::at(1_700_000_000_000).as_ref()))
            .await
            .unwrap();
        let roles: Vec<String> = sqlx::query_scalar(
            "SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id
              WHERE u.name = 'Priya Shah' ORDER BY m.role",
        )
        .fetch_all(&db.pool)
        .await
        .unwrap();
        assert_eq!(roles, ["practice_admin", "receptionist"]);
    }
}
