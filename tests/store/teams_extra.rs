//! The storage behind the teams feature: hand-over, registration override,
//! team pages, "looking for a team" posts, Hub usernames.

use chrono::Duration;
use somosbot::domain::lft::{self, LftError, LftRequest};
use somosbot::domain::team::{self, Departure, TeamError};
use somosbot::store::*;

use crate::scenarios::{now, policy};

async fn a_leaving_captain_hands_over_to_the_longest_member(store: Store) {
    let p = policy("ev");
    let t = team::create_team(&store, &p, 1, "Relevo", "un tema", None, now())
        .await
        .unwrap();
    team::join_team(&store, &p, t.id, 3, now()).await.unwrap();
    team::join_team(&store, &p, t.id, 2, now() + Duration::seconds(1))
        .await
        .unwrap();
    let left = team::leave_team(&store, &p, 1, false, now()).await.unwrap();
    assert!(
        matches!(&left, Departure::HandedOver { new_captain: 3, team } if team.member_count == 2),
        "{left:?}"
    );
    assert!(store.team_of("ev", 1).await.unwrap().is_none());
    // Organizers can still name another captain.
    let t = team::admin::set_captain(&store, &p, "relevo", 2)
        .await
        .unwrap();
    assert_eq!(t.captain_id, 2);
    assert!(matches!(
        team::admin::set_captain(&store, &p, "relevo", 1).await,
        Err(TeamError::TargetNotMember)
    ));
}

async fn a_reopened_team_changes_after_registration_closed(store: Store) {
    let p = policy("ev");
    let t = team::create_team(&store, &p, 1, "Tarde", "un tema", None, now())
        .await
        .unwrap();
    let late = p.registration_closes.unwrap() + Duration::hours(1);
    assert!(matches!(
        team::join_team(&store, &p, t.id, 2, late).await,
        Err(TeamError::RegistrationClosed { .. })
    ));
    team::admin::reopen_registration(&store, &p, "tarde", 24, late)
        .await
        .unwrap();
    team::join_team(&store, &p, t.id, 2, late).await.unwrap();
    team::rename_team(&store, &p, 1, "Tarde Pero Seguro", late)
        .await
        .unwrap();
    // The override ends.
    assert!(matches!(
        team::join_team(&store, &p, t.id, 3, late + Duration::hours(25)).await,
        Err(TeamError::RegistrationClosed { .. })
    ));
}

async fn teams_are_paged_and_filtered(store: Store) {
    let p = policy("ev");
    for i in 0..12u64 {
        let topic = if i < 4 { "Salud" } else { "leyes" };
        team::create_team(
            &store,
            &p,
            100 + i,
            &format!("Equipo {i:02}"),
            topic,
            None,
            now(),
        )
        .await
        .unwrap();
    }
    team::set_open(&store, &p, 101, true, now()).await.unwrap();
    let page = store
        .list_teams("ev", &TeamFilter::default(), 10, 10)
        .await
        .unwrap();
    assert_eq!((page.total, page.teams.len()), (12, 2));
    assert_eq!(page.teams[0].name, "Equipo 10");
    let salud = TeamFilter {
        topic: Some("SALUD".into()),
        ..Default::default()
    };
    assert_eq!(
        store.list_teams("ev", &salud, 0, 10).await.unwrap().total,
        4
    );
    let open = TeamFilter {
        open_only: true,
        ..Default::default()
    };
    let page = store.list_teams("ev", &open, 0, 10).await.unwrap();
    assert_eq!(
        page.teams.iter().map(|t| t.captain_id).collect::<Vec<_>>(),
        [101]
    );
    // A team that fills up is no longer open.
    let t = page.teams[0].clone();
    for u in 0..4 {
        team::join_team(&store, &p, t.id, 900 + u, now())
            .await
            .unwrap();
    }
    assert_eq!(store.list_teams("ev", &open, 0, 10).await.unwrap().total, 0);
    assert!(!store.team(t.id).await.unwrap().unwrap().is_open);
}

async fn a_person_has_one_open_post_closed_when_joining(store: Store) {
    let request = LftRequest {
        topic: "Traducción",
        skills: "datos, evaluación",
        languages: "euskera",
        time_zone: "UTC+1",
    };
    let post = lft::post(&store, "ev", 5, &request, 3, now())
        .await
        .unwrap();
    store.set_lft_thread(post.id, 77).await.unwrap();
    assert!(matches!(
        lft::post(&store, "ev", 5, &request, 3, now()).await,
        Err(LftError::AlreadyPosted)
    ));
    let skill = LftFilter {
        skill: Some("EVALUA".into()),
        ..Default::default()
    };
    let page = store.list_lft_posts("ev", &skill, 0, 10).await.unwrap();
    assert_eq!((page.total, page.posts[0].thread_id), (1, Some(77)));
    let closed = store.close_lft_posts_of("ev", 5, now()).await.unwrap();
    assert_eq!(closed.len(), 1);
    assert!(store
        .close_lft_posts_of("ev", 5, now())
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        store
            .list_lft_posts("ev", &LftFilter::default(), 0, 10)
            .await
            .unwrap()
            .total,
        0
    );
    // A person in a team does not post.
    team::create_team(&store, &policy("ev"), 6, "Con Equipo", "tema", None, now())
        .await
        .unwrap();
    assert!(matches!(
        lft::post(&store, "ev", 6, &request, 3, now()).await,
        Err(LftError::AlreadyInTeam)
    ));
}

async fn members_without_a_hub_name_are_listed(store: Store) {
    let p = policy("ev");
    let t = team::create_team(&store, &p, 1, "Hub", "tema", None, now())
        .await
        .unwrap();
    team::join_team(&store, &p, t.id, 2, now()).await.unwrap();
    assert!(matches!(
        lft::link_hf(&store, "ev", 1, "bad name", now()).await,
        Err(LftError::InvalidHfUsername)
    ));
    let linked = lft::link_hf(&store, "ev", 1, "https://huggingface.co/ana-g/", now())
        .await
        .unwrap();
    assert_eq!(linked, "ana-g");
    assert_eq!(
        store.members_without_hf("ev").await.unwrap(),
        vec![(2, "Hub".to_string())]
    );
    let members = store.members_with_hf("ev", t.id).await.unwrap();
    assert_eq!(members, vec![(1, Some("ana-g".into())), (2, None)]);
}

crate::on_both_backends!(
    a_leaving_captain_hands_over_to_the_longest_member,
    a_reopened_team_changes_after_registration_closed,
    teams_are_paged_and_filtered,
    a_person_has_one_open_post_closed_when_joining,
    members_without_a_hub_name_are_listed,
);
