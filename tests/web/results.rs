//! The podium and the honourable mention on `/` and `/projects`: nothing
//! while the jury's results are not published (even with every score in,
//! scoring closed and the likes snapshot taken), the places and the most
//! liked project once the publication is posted.

use chrono::{Duration, Utc};
use somosbot::store::{ProjectLikes, Store};

use crate::seed::{self, EVENT, XSS_TEAM};
use crate::site::Site;

/// One judge scores the three projects: Alpaca best, then Caribe, then the
/// team with the hostile name.
async fn score(store: &Store) {
    let teams = store.teams_with_members(EVENT).await.expect("teams");
    let id = |name: &str| {
        teams
            .iter()
            .find(|t| t.team.name == name)
            .map(|t| t.team.id)
            .expect("team")
    };
    let plan = [
        (id("Alpaca Andina"), 8),
        (id("Corpus Caribe"), 6),
        (id(XSS_TEAM), 2),
    ];
    let pairs: Vec<(i64, u64)> = plan.iter().map(|(t, _)| (*t, 10)).collect();
    store
        .apply_jury_assignment(EVENT, &pairs, &[], 9, Utc::now())
        .await
        .expect("assign");
    for (team, halves) in plan {
        for group in ["corpus", "model", "demo", "project"] {
            store
                .save_jury_score(EVENT, team, 10, group, halves.min(2), Utc::now())
                .await
                .expect("score");
        }
        // The corpus group decides the order.
        store
            .save_jury_score(EVENT, team, 10, "corpus", halves, Utc::now())
            .await
            .expect("score");
    }
}

async fn podium(c: &reqwest::Client, site: &Site, path: &str) -> (bool, Vec<String>) {
    let html = c
        .get(site.url(path))
        .header(reqwest::header::ACCEPT_LANGUAGE, "en")
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    let Some(start) = html.find("id=\"results\"") else {
        return (false, Vec::new());
    };
    let end = html[start..].find("</section>").expect("end") + start;
    let places = html[start..end]
        .split("<li ")
        .skip(1)
        // The mention follows the list: a place ends with its item.
        .map(|li| li.split("</li>").next().unwrap_or(li))
        .map(|li| {
            let text: String = li
                .split('<')
                .filter_map(|part| part.split_once('>').map(|(_, t)| t))
                .collect();
            text.trim().to_string()
        })
        .collect();
    (true, places)
}

/// The likes snapshot: Corpus Caribe is the most liked.
async fn snapshot(store: &Store) {
    let teams = store.teams_with_members(EVENT).await.expect("teams");
    let likes: Vec<ProjectLikes> = teams
        .iter()
        .filter(|t| t.team.name != "Sin Entrega")
        .map(|t| ProjectLikes {
            team_id: t.team.id,
            likes: if t.team.name == "Corpus Caribe" {
                12
            } else {
                3
            },
            repos: serde_json::json!([]),
        })
        .collect();
    assert!(store
        .store_project_likes(EVENT, &likes, Utc::now())
        .await
        .expect("snapshot"));
}

async fn mention(c: &reqwest::Client, site: &Site, path: &str) -> Option<String> {
    let html = c
        .get(site.url(path))
        .header(reqwest::header::ACCEPT_LANGUAGE, "en")
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    let start = html.find("id=\"mention\"")?;
    let end = html[start..].find("</p>").expect("end") + start;
    Some(html[start..end].to_string())
}

async fn the_podium_waits_for_the_publication(store: Store) {
    seed::event(&store).await;
    score(&store).await;
    snapshot(&store).await;
    let site = Site::start(store.clone()).await;
    let c = reqwest::Client::new();
    for path in ["/", "/projects"] {
        assert_eq!(podium(&c, &site, path).await, (false, vec![]), "{path}");
        assert_eq!(mention(&c, &site, path).await, None, "{path}");
    }
    // Claimed but not yet posted: still nothing.
    let now = Utc::now();
    store
        .claim_publication(EVENT, "nonce", 9, now, Duration::minutes(5))
        .await
        .expect("claim");
    assert_eq!(podium(&c, &site, "/").await, (false, vec![]));
    assert!(store
        .finish_publication(EVENT, "nonce", Some(1), now)
        .await
        .expect("post"));
    let expected = vec![
        "First place: Alpaca Andina".to_string(),
        "Second place: Corpus Caribe".to_string(),
        format!(
            "Third place: {}",
            XSS_TEAM.replace('<', "&lt;").replace('>', "&gt;")
        ),
    ];
    for path in ["/", "/projects"] {
        let (shown, places) = podium(&c, &site, path).await;
        assert!(shown, "{path}");
        assert_eq!(places, expected, "{path}");
        let m = mention(&c, &site, path).await.unwrap_or_default();
        assert!(
            m.contains("Corpus Caribe") && m.contains("12 likes"),
            "{path}: {m}"
        );
        assert!(!m.contains("Alpaca"), "{path}: {m}");
    }
    site.stop().await;
}

mod both {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let db = crate::support::db::TestDb::sqlite().await;
        super::the_podium_waits_for_the_publication(db.store.clone()).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let Some(db) =
            crate::support::db::TestDb::postgres("the_podium_waits_for_the_publication").await
        else {
            return;
        };
        super::the_podium_waits_for_the_publication(db.store.clone()).await;
    }
}
