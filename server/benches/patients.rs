//! Patient records at scale (issue 17):
//! - search: BENCH_PATIENTS (default 1,000,000) patients in BENCH_PRACTICES
//!   (1,000) practices, then BENCH_ITERATIONS (200) searches of one
//!   practice each by the start of a last name, by first and last name, by
//!   NHS number and by date of birth, as "Patients" makes them. Budget:
//!   p95 ≤ 10 ms.
//! - credentials: BENCH_CREDENTIALS (100,000) patients of one more practice
//!   get Patient Portal Credentials through the background job as the
//!   server runs it (a derived code and its keyed hash each; the records
//!   carry the Patient ID they were given when added, as every record
//!   added through Gatehouse does, so the account state "Pending
//!   registration" follows from the credentials without writing them),
//!   against the raw insert rate of the same rows into
//!   the same table (`patient_credentials`, with its keys and index), 500 a
//!   statement and a transaction, in the same run. Budget: ≤ 20 s on
//!   SQLite, ≤ 60 s on PostgreSQL, and ≥ 0.5 of that raw rate. Also shown:
//!   the rate into a scratch table without keys or index.
//! - letters (issue 18): BENCH_LETTERS (10,000) of those patients get their
//!   letter from a letter template as a Word file, one after another, as
//!   the letter creation page's download makes it (the record and
//!   credentials read, the base's Word file read and checked, the merge
//!   with the QR code image, the package written, the letter and its event
//!   recorded). Shown beside the goal's row below.
//! - credentials + letters (issue 18): another BENCH_CREDENTIALS patients
//!   of another practice, all of them as one "Create credentials for many
//!   patients" job with a letter (credentials distributed, the letters and
//!   each patient's two events recorded), from queueing to its end. Goal:
//!   ≤ 60 s on SQLite. Then the merged Word files of its first
//!   BENCH_LETTERS patients, part after part of 500 as the job's letters
//!   page gives them (one page a letter, each with its QR code image).
//!   Goal: ≥ 500 letters merged a second on SQLite.
//!
//! Not a test: it prints figures for README's Performance section.
//!
//!   cargo bench -p server --bench patients            (SQLite)
//!   TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test cargo bench -p server --bench patients
//!
//! With BENCH_JSON_OUT set, the figures are also written there as JSON.
// Benchmark code: a failed setup step should stop the run where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use app::jobs::runner::CLAIM;
use app::jobs::service::{JobChange, Runner};
use app::org::model::{OrgKind, Role};
use app::patients::credentials::model::CredentialsForm;
use app::patients::credentials::service::bulk::{
    job_letters_docx, start_bulk_credentials, BulkChoice, Selection, BULK_CREDENTIALS_JOB,
};
use app::patients::records::service::search_patients;
use app::server::fixtures;
use common::env_number;
use sqlx::AnyConnection;

const ROWS_PER_INSERT: usize = 500;

const FAMILY: [&str; 40] = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
    "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
    "Wood", "Jackson", "Clarke", "Khan", "Hughes", "Edwards", "Turner", "Hill", "Moore", "Cooper",
    "Ward", "Morris", "King", "Watson", "Harris", "Lewis", "Martin", "Bennett", "Murphy", "Price",
    "Shah", "Ali",
];
const GIVEN: [&str; 20] = [
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Noah", "Oliver", "George", "Arthur", "Leo", "Harry",
    "Oscar", "Muhammad", "Grace", "Freya", "Lily", "Jack", "Charlie", "Sophia", "Ivy",
];

/// A valid NHS number (modulus 11), different for every `n` below 500
/// million.
fn nhs_number(n: usize) -> String {
    let check_of = |base: u64| {
        let sum: u64 = base
            .to_string()
            .chars()
            .filter_map(|c| c.to_digit(10))
            .enumerate()
            .map(|(i, d)| u64::from(d) * (10 - i as u64))
            .sum();
        match 11 - (sum % 11) {
            11 => Some(0),
            10 => None,
            check => Some(check),
        }
    };
    let base = 400_000_000 + n as u64;
    match check_of(base) {
        Some(check) => format!("{base}{check}"),
        None => {
            let other = base + 500_000_000;
            format!("{other}{}", check_of(other).unwrap_or(0))
        }
    }
}

/// One seeded patient: id, practice, NHS number, given, family, date of birth.
type Seed = (
    String,
    app::ids::OrgId,
    String,
    &'static str,
    &'static str,
    String,
);

fn seed_row(n: usize, practice: &app::ids::OrgId) -> Seed {
    let given = GIVEN[n % GIVEN.len()];
    let family = FAMILY[(n / GIVEN.len()) % FAMILY.len()];
    let dob = format!("{:04}-{:02}-{:02}", 1930 + n % 90, 1 + n % 12, 1 + n % 28);
    (
        format!("p{n:08}"),
        practice.clone(),
        nhs_number(n),
        given,
        family,
        dob,
    )
}

async fn insert_patients(conn: &mut AnyConnection, rows: &[Seed]) {
    let mut sql = String::from(
        "INSERT INTO patients (id, practice_id, nhs_number, given_name, family_name, given_lower,
                               family_lower, date_of_birth, portal_id, created_at) VALUES ",
    );
    for n in 0..rows.len() {
        let b = n * 9;
        if n > 0 {
            sql.push(',');
        }
        sql.push_str(&format!(
            "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, 0)",
            b + 1,
            b + 2,
            b + 3,
            b + 4,
            b + 5,
            b + 6,
            b + 7,
            b + 8,
            b + 9
        ));
    }
    let mut query = sqlx::query(&sql);
    for (id, practice, nhs, given, family, dob) in rows {
        query = query
            .bind(id.clone())
            .bind(practice.clone())
            .bind(nhs.clone())
            .bind(*given)
            .bind(*family)
            .bind(given.to_lowercase())
            .bind(family.to_lowercase())
            .bind(dob.clone())
            // Every record gets its Patient ID when it is added.
            .bind(format!("B{}-{}", &id[1..5], &id[5..]));
    }
    query.execute(&mut *conn).await.expect("insert patients");
}

async fn seed(db: &app::server::Db, practices: &[app::ids::OrgId], first: usize, count: usize) {
    let mut tx = db.pool.begin().await.expect("tx");
    let mut batch = Vec::with_capacity(ROWS_PER_INSERT);
    for n in first..first + count {
        batch.push(seed_row(n, &practices[n % practices.len()]));
        if batch.len() == ROWS_PER_INSERT {
            insert_patients(&mut tx, &batch).await;
            batch.clear();
        }
    }
    if !batch.is_empty() {
        insert_patients(&mut tx, &batch).await;
    }
    tx.commit().await.expect("commit");
}

/// Rows per second inserting `count` credential-shaped rows into a scratch
/// table in statements of 500, a transaction each: the floor of what the
/// job writes.
async fn raw_credentials_rate(db: &app::server::Db, count: usize) -> f64 {
    sqlx::query(
        "CREATE TABLE bench_credentials (id TEXT PRIMARY KEY, patient_id TEXT NOT NULL,
           code_hash TEXT NOT NULL, state TEXT NOT NULL, created_by TEXT, created_at BIGINT NOT NULL,
           expires_at BIGINT NOT NULL, distributed_at BIGINT)",
    )
    .execute(&db.pool)
    .await
    .expect("scratch table");
    let start = Instant::now();
    let mut n = 0;
    while n < count {
        let rows = ROWS_PER_INSERT.min(count - n);
        let values: Vec<String> = (0..rows)
            .map(|r| {
                let b = 4 * r;
                format!(
                    "(${}, ${}, ${}, 'valid', NULL, ${}, 0, NULL)",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO bench_credentials (id, patient_id, code_hash, state, created_by, created_at, expires_at, distributed_at) VALUES {}",
            values.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for r in 0..rows {
            query = query
                .bind(uuid::Uuid::new_v4().to_string())
                .bind(format!("p{:08}", n + r))
                .bind(format!("{:064}", n + r))
                .bind(0_i64);
        }
        let mut tx = db.begin().await.expect("tx");
        query.execute(&mut *tx).await.expect("raw insert");
        tx.commit().await.expect("commit");
        n += rows;
    }
    count as f64 / start.elapsed().as_secs_f64()
}

/// Rows per second inserting credentials for `patients` (ids) straight
/// into `patient_credentials`, the table the job writes, with its keys and
/// index, in statements of 500, a transaction each: the same rows without
/// the job (no reads, codes, Patient IDs or account states).
async fn raw_same_table_rate(
    db: &app::server::Db,
    patients: &[String],
    by: &app::ids::UserId,
) -> f64 {
    let start = Instant::now();
    for chunk in patients.chunks(ROWS_PER_INSERT) {
        let values: Vec<String> = (0..chunk.len())
            .map(|r| {
                let b = 4 * r;
                format!(
                    "(${}, ${}, ${}, 'superseded', ${}, 0, 0, NULL)",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO patient_credentials (id, patient_id, code_hash, state, created_by, created_at, expires_at, distributed_at) VALUES {}",
            values.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for (n, patient) in chunk.iter().enumerate() {
            query = query
                .bind(uuid::Uuid::new_v4().to_string())
                .bind(patient.clone())
                .bind(format!("{n:064}"))
                .bind(by.clone());
        }
        let mut tx = db.begin().await.expect("tx");
        query.execute(&mut *tx).await.expect("raw insert");
        tx.commit().await.expect("commit");
    }
    patients.len() as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let practices = env_number("BENCH_PRACTICES", 1000);
    let patients = env_number("BENCH_PATIENTS", 1_000_000);
    let iterations = env_number("BENCH_ITERATIONS", 200);
    let bulk = env_number("BENCH_CREDENTIALS", 100_000);
    let letters = env_number("BENCH_LETTERS", 10_000).min(bulk);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let db = rt.block_on(app::server::testing::fresh_db());
    let backend = db.backend.name();
    let seeding = Instant::now();
    let (practice_ids, bulk_practice, admin) = rt.block_on(async {
        let mut conn = db.pool.acquire().await.expect("conn");
        let network = fixtures::organisation(&mut conn, OrgKind::Network, "Network", None).await;
        let mut ids = Vec::new();
        for n in 0..practices {
            ids.push(
                fixtures::practice(&mut conn, &format!("Practice {n:04}"), Some(&network)).await,
            );
        }
        let bulk_practice = fixtures::practice(&mut conn, "Bulk Practice", Some(&network)).await;
        let letters_practice =
            fixtures::practice(&mut conn, "Letters Practice", Some(&network)).await;
        let admin = fixtures::person(
            &mut conn,
            "admin@nhs.net",
            "Admin",
            &[
                (&bulk_practice, Role::PracticeAdmin),
                (&letters_practice, Role::PracticeAdmin),
            ],
        )
        .await;
        (ids, (bulk_practice, letters_practice), admin)
    });
    let (bulk_practice, letters_practice) = bulk_practice;
    rt.block_on(seed(&db, &practice_ids, 0, patients));
    rt.block_on(seed(
        &db,
        std::slice::from_ref(&bulk_practice),
        patients,
        bulk,
    ));
    rt.block_on(seed(
        &db,
        std::slice::from_ref(&letters_practice),
        patients + bulk,
        bulk,
    ));
    if db.backend == app::server::Backend::Postgres {
        rt.block_on(sqlx::query("ANALYZE").execute(&db.pool))
            .expect("analyze");
    }
    let seeded = seeding.elapsed();
    let clock = app::server::clock::SystemClock;
    let cx = app::server::testing::cx_of(&db, &clock);
    let actor = fixtures::signed_in(&admin, "Admin", "admin@nhs.net", None);

    // Searches, as "Patients" makes them.
    let mut times: Vec<Duration> = Vec::with_capacity(iterations);
    let mut found = 0usize;
    rt.block_on(async {
        for i in 0..iterations {
            let practice = &practice_ids[(i * 7919) % practices];
            let query = match i % 4 {
                0 => FAMILY[i % FAMILY.len()][..3].to_lowercase(),
                1 => format!(
                    "{} {}",
                    GIVEN[i % GIVEN.len()],
                    FAMILY[(i / 3) % FAMILY.len()]
                ),
                2 => seed_row(i * 1009 % patients.max(1), practice).2,
                _ => {
                    let (_, _, _, _, _, dob) = seed_row(i, practice);
                    let parts: Vec<&str> = dob.split('-').collect();
                    format!("{}/{}/{}", parts[2], parts[1], parts[0])
                }
            };
            let began = Instant::now();
            let result = search_patients(cx, &actor, practice, &query).await;
            times.push(began.elapsed());
            if let Ok(result) = result {
                found += result.results.len();
            }
        }
    });
    times.sort();
    let pick = |q: f64| {
        times
            .get(((times.len() as f64 * q) as usize).min(times.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let (p50, p95) = (pick(0.5), pick(0.95));

    // Credentials for every patient of the bulk practice, through the job.
    let kinds = [BULK_CREDENTIALS_JOB];
    let nothing = |_: &JobChange| {};
    let runner = Runner {
        cx,
        kinds: &kinds,
        id: "bench".into(),
        changed: &nothing,
    };
    let (y, m, d) = app::server::dates::uk_today(cx.now_ms() + 30 * app::server::clock::DAY_MS);
    let form = CredentialsForm {
        expiry_day: d.to_string(),
        expiry_month: m.to_string(),
        expiry_year: y.to_string(),
        distribution: "later".into(),
    };
    let (job_seconds, issued) = rt.block_on(async {
        let start = Instant::now();
        let everyone = BulkChoice {
            selection: Selection::Everyone,
            letters: Vec::new(),
        };
        start_bulk_credentials(cx, &actor, &bulk_practice, &form, &everyone, "bench")
            .await
            .expect("start the job");
        loop {
            let report = runner.run_due(CLAIM).await.expect("runner pass");
            if report.claimed == 0 {
                break;
            }
        }
        let seconds = start.elapsed().as_secs_f64();
        let issued: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM patient_credentials")
            .fetch_one(&db.pool)
            .await
            .expect("count");
        (seconds, issued)
    });
    let job_rate = issued as f64 / job_seconds;
    let bulk_ids: Vec<String> = (patients..patients + bulk)
        .map(|n| format!("p{n:08}"))
        .collect();
    let raw_same = rt.block_on(raw_same_table_rate(&db, &bulk_ids, &admin));
    let raw = rt.block_on(raw_credentials_rate(&db, bulk));
    let (letter_seconds, letter_bytes) = rt.block_on(letters_rate(
        cx,
        &actor,
        &bulk_practice,
        &bulk_ids[..letters],
    ));
    let letter_rate = letters as f64 / letter_seconds;

    // Credentials and a letter for every patient of the letters practice,
    // as one job; then the first part of its merged Word file.
    let (with_letters_seconds, merged_seconds, merged_letters) = rt.block_on(async {
        let template = letter_template(cx, &actor, &letters_practice).await;
        let start = Instant::now();
        let choice = BulkChoice {
            selection: Selection::Everyone,
            letters: vec![template.clone()],
        };
        let (job, _) = start_bulk_credentials(
            cx,
            &actor,
            &letters_practice,
            &form,
            &choice,
            "bench-letters",
        )
        .await
        .expect("start the job with letters");
        loop {
            let report = runner.run_due(CLAIM).await.expect("runner pass");
            if report.claimed == 0 {
                break;
            }
        }
        let seconds = start.elapsed().as_secs_f64();
        let made: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM patient_letters l JOIN patients p ON p.id = l.patient_id
              WHERE p.practice_id = $1",
        )
        .bind(&letters_practice)
        .fetch_one(&db.pool)
        .await
        .expect("count");
        assert_eq!(made as usize, bulk, "every patient got their letter once");
        // The merged Word files (parts of 500) of the first `letters`
        // patients, as staff download them from the job's letters page.
        let parts = letters.div_ceil(app::patients::credentials::model::LETTERS_PER_PART as usize);
        let merging = Instant::now();
        let mut pages = 0;
        for part in 1..=parts {
            let (_, word) = job_letters_docx(cx, &letters_practice, &job, &template, part as i64)
                .await
                .expect("a part's Word file");
            let part = app::letters::package::Package::read(&word).expect("a Word file");
            pages += part
                .text("word/document.xml")
                .map_or(0, |d| d.matches(r#"<w:br w:type="page"/>"#).count() + 1);
        }
        (seconds, merging.elapsed().as_secs_f64(), pages)
    });
    let merged_rate = merged_letters as f64 / merged_seconds;

    println!(
        "patients benchmark ({backend}: {patients} patients in {practices} practices, seeded in {:.1}s)",
        seeded.as_secs_f64()
    );
    println!("  search p50 / p95 (ms), {iterations} searches, {found} rows found : {p50:.2} / {p95:.2}   (budget p95 <= 10 ms)");
    println!("  credentials for {bulk} patients by the job        : {job_seconds:.1} s ({job_rate:.0}/s)   (budget <= 20 s SQLite, <= 60 s PostgreSQL)");
    println!("  raw inserts of the same rows, same table/s        : {raw_same:.0}");
    println!(
        "  job / raw (same table)                            : {:.3}   (budget >= 0.5)",
        job_rate / raw_same
    );
    println!(
        "  raw rows/s into a table without keys or index     : {raw:.0} (job / that: {:.3})",
        job_rate / raw
    );
    println!("  letters from a template, {letters} Word files       : {letter_seconds:.1} s ({letter_rate:.0}/s, {:.1} KB each)   (goal >= 500/s SQLite)", letter_bytes as f64 / 1024.0);
    println!("  credentials + letters for {bulk} patients, one job : {with_letters_seconds:.1} s   (goal <= 60 s SQLite)");
    println!(
        "  letters merged into Word files, {merged_letters} patients    : {merged_seconds:.2} s ({merged_rate:.0}/s)   (goal >= 500/s SQLite)"
    );
    assert_eq!(issued as usize, bulk, "every patient got credentials once");
    if let Ok(path) = std::env::var("BENCH_JSON_OUT") {
        let json = serde_json::json!({
            "backend": backend,
            "patients": patients,
            "practices": practices,
            "iterations": iterations,
            "seed_seconds": seeded.as_secs_f64(),
            "search_p50_ms": p50,
            "search_p95_ms": p95,
            "credentials": bulk,
            "credentials_seconds": job_seconds,
            "credentials_per_second": job_rate,
            "raw_same_table_per_second": raw_same,
            "raw_rows_per_second": raw,
            "letters": letters,
            "letters_seconds": letter_seconds,
            "letters_per_second": letter_rate,
            "letter_bytes": letter_bytes,
            "credentials_letters_seconds": with_letters_seconds,
            "merged_letters": merged_letters,
            "merged_seconds": merged_seconds,
            "merged_per_second": merged_rate,
        });
        std::fs::write(&path, json.to_string()).expect("write BENCH_JSON_OUT");
    }
}

/// The Word file of each patient's letter from a letter template, one
/// after another: (seconds, bytes of the last letter).
async fn letters_rate(
    cx: app::server::Ctx<'_>,
    actor: &app::auth::model::CurrentUser,
    practice: &app::ids::OrgId,
    patients: &[String],
) -> (f64, usize) {
    let choice = letter_template(cx, actor, practice).await.to_string();
    let started = Instant::now();
    let mut bytes = 0;
    for patient in patients {
        let (_, file) = app::patients::credentials::service::letter_file(
            cx,
            actor,
            practice,
            &app::ids::PatientId::new(patient.clone()),
            &choice,
        )
        .await
        .expect("a letter");
        bytes = file.len();
    }
    (started.elapsed().as_secs_f64(), bytes)
}

/// A Word letterhead with the body's place, a letter template base on it
/// and a template with the Patient ID, the activation code and the QR code.
async fn letter_template(
    cx: app::server::Ctx<'_>,
    actor: &app::auth::model::CurrentUser,
    practice: &app::ids::OrgId,
) -> app::ids::LetterTemplateId {
    use app::letters::model::TemplateForm;
    use app::letters::package::Package;
    use app::letters::service::{create_base, create_template, NewBaseInput};
    let w = |text: &str| format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>");
    let document = format!(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{}{}{}</w:body></w:document>"#,
        w("Riverside Surgery, 1 High Street, Seaton SE1 1AA"),
        w("{{body}}"),
        w("Registered in England. Our privacy notice is on our website."),
    );
    let word = Package::of(vec![
        (
            "[Content_Types].xml".into(),
            br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_vec(),
        ),
        ("word/document.xml".into(), document.into_bytes()),
    ])
    .write();
    let base = create_base(
        cx,
        actor,
        practice,
        NewBaseInput {
            name: "Letterhead".into(),
            body: "{{patient_name}}\n{{patient_address}}\n\n{{today}}\n\n{{letter}}\n\nYours sincerely,\n{{practice_name}}".into(),
            file_name: "letterhead.docx".into(),
            file: word,
        },
    )
    .await
    .expect("the base");
    create_template(
        cx,
        actor,
        practice,
        &TemplateForm {
            object: "patient_profile".into(),
            base_id: base.to_string(),
            name: "Your Patient Profile".into(),
            body: "Your Patient ID is {{patient_id}} and your activation code {{activation_code}}, until {{credentials_expiry_date}}. Register at {{registration_link}} or scan:\n{{registration_qr_code}}".into(),
            visible: "on".into(),
        },
    )
    .await
    .expect("the template")
}
