//! The jury's pure work at event scale: assigning 120 projects to 15
//! judges with 3 per project and 10 conflicts, ranking with per-judge
//! normalization, and certificate PNGs per second (no harness: it prints
//! its own figures).

use std::time::Instant;

use somosbot::domain::jury::assignment::{plan, ProjectToJudge};
use somosbot::domain::jury::certificates::{code, CertificateContent};
use somosbot::domain::jury::results::{rank, JudgeTotal, ProjectScale};
use somosbot::i18n::Lang;
use somosbot::secret::Secret;

fn main() {
    let judges: Vec<u64> = (1..=15).collect();
    let projects: Vec<ProjectToJudge> = (1..=120)
        .map(|t| ProjectToJudge {
            team_id: t,
            members: vec![1000 + t as u64 * 5, 1001 + t as u64 * 5],
            // Every seventh team was helped by a judge.
            helpers: if t % 7 == 0 {
                vec![(t as u64 % 15) + 1]
            } else {
                vec![]
            },
        })
        .collect();
    let conflicts: Vec<(u64, i64)> = (0..10).map(|i| ((i % 15) + 1, i as i64 * 11 + 3)).collect();

    let runs = 200;
    let start = Instant::now();
    let mut last = None;
    for _ in 0..runs {
        last = Some(plan(&projects, &judges, &conflicts, &[], 3));
    }
    let per = start.elapsed() / runs;
    let p = last.expect("ran");
    let load = p.load();
    println!(
        "assign 120 projects / 15 judges / 3 each / 10 conflicts: {:.3} ms per run \
         ({} assignments, load {}-{}, {} short)",
        per.as_secs_f64() * 1e3,
        p.assignments.len(),
        load.values().min().copied().unwrap_or(0),
        load.values().max().copied().unwrap_or(0),
        p.short.len()
    );

    let scales: Vec<ProjectScale> = (1..=120)
        .map(|t| ProjectScale {
            team_id: t,
            corpus_only: t % 10 == 0,
            out_of: if t % 10 == 0 { 7.0 } else { 10.0 },
            extra: if t % 13 == 0 { 1.0 } else { 0.0 },
        })
        .collect();
    let totals: Vec<JudgeTotal> = p
        .assignments
        .iter()
        .map(|(t, j)| JudgeTotal {
            team_id: *t,
            judge_id: *j,
            total: ((*t as u64 * 7 + *j * 3) % 15) as f64 / 2.0,
        })
        .collect();
    let start = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(rank(&scales, &totals, true));
    }
    let per = start.elapsed() / runs;
    println!(
        "results with normalization, 360 totals: {:.3} ms per run",
        per.as_secs_f64() * 1e3
    );

    let secret = Secret::new("bench secret");
    let n = 40;
    let start = Instant::now();
    let mut bytes = 0;
    for i in 0..n {
        let content = CertificateContent {
            event_id: "somos600m-2024".into(),
            event_name: "Hackathon #Somos600M".into(),
            user_id: i,
            name: format!("Participante Núñez {i}"),
            team: "Los Ñandúes".into(),
            project: "Corpus de refranes andinos".into(),
            place: (i % 4 == 0).then_some(1),
            date: "2024-04-01".into(),
        };
        let c = code(&secret, &content);
        bytes += somosbot::certificate::certificate_png(&content, &c, Lang::Es)
            .expect("render")
            .len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "certificates: {:.1} PNGs per second ({n} rendered, {} KB each on average)",
        n as f64 / secs,
        bytes / n as usize / 1024
    );
}
