//! Rules about what a repo holds (2024): a fine-tune of at most 7B, its
//! scripts or notebooks, and the corpus' columns from the dataset viewer.

use crate::{en, es};
use somosbot::hub::viewer::DatasetViewer;
use somosbot::hub::{check_repo, CheckContext, Finding, RepoId, RepoKind, Severity};

use crate::server::{
    client, complete_dataset_routes, fixture, options, serve, viewer_routes, FakeHub, Reply,
};

const MODEL: &str = "somosnlp/recetas-7b";

fn finding<'a>(f: &'a [Finding], id: &str) -> &'a Finding {
    f.iter()
        .find(|x| x.id == id)
        .unwrap_or_else(|| panic!("no {id} in {f:#?}"))
}

/// The model's findings when its info has this `safetensors` block and
/// these files.
async fn model_findings(safetensors: serde_json::Value, files: &[&str]) -> Vec<Finding> {
    let mut info: serde_json::Value =
        serde_json::from_str(&fixture("api/model_info.json")).unwrap();
    info["id"] = MODEL.into();
    info["safetensors"] = safetensors;
    info["siblings"] = files
        .iter()
        .map(|f| serde_json::json!({ "rfilename": f }))
        .collect();
    let hub = FakeHub::new();
    hub.on(
        &format!("/api/models/{MODEL}"),
        Reply::json(200, &info.to_string()),
    );
    hub.on(
        &format!("/api/models/{MODEL}/commits/main"),
        Reply::fixture_json("api/model_commits.json"),
    );
    hub.on(
        &format!("/{MODEL}/resolve/main/README.md"),
        Reply::text(&fixture("cards/model_complete_en.md")),
    );
    let base = hub.start().await;
    let repo = RepoId::parse(RepoKind::Model, MODEL).unwrap();
    check_repo(
        &client(&base, None),
        MODEL,
        &repo,
        &CheckContext::new("somosnlp", None),
    )
    .await
    .report
    .findings
}

#[tokio::test]
async fn a_7b_fine_tune_passes_and_a_larger_one_fails() {
    let f = model_findings(
        serde_json::json!({"parameters": {"BF16": 7241732096u64}, "total": 7241732096u64}),
        &["README.md", "train.py"],
    )
    .await;
    let s = finding(&f, "model.size");
    assert_eq!(s.severity, Severity::Info);
    assert_eq!(
        en(&s.message),
        "Size: 7.24B parameters per safetensors (at most 7.7B)"
    );
    assert_eq!(
        es(&s.message),
        "Tamaño: 7.24B parámetros según safetensors (máximo 7.7B)"
    );

    let f = model_findings(
        serde_json::json!({"parameters": {"BF16": 13015864320u64}, "total": 13015864320u64}),
        &["README.md", "train.py"],
    )
    .await;
    let s = finding(&f, "model.size");
    assert_eq!(s.severity, Severity::Error);
    assert_eq!(
        en(&s.message),
        "The model has 13.02B parameters per safetensors; the limit is 7.7B."
    );
    assert_eq!(
        es(&s.message),
        "El modelo tiene 13.02B parámetros según safetensors; el máximo es 7.7B."
    );
}

#[tokio::test]
async fn an_unknown_size_is_a_warning() {
    let f = model_findings(serde_json::Value::Null, &["README.md", "notebook.ipynb"]).await;
    let s = finding(&f, "model.size");
    assert_eq!(s.severity, Severity::Warning);
    assert_eq!(
        en(&s.message),
        "The model's parameter count is unknown: the Hub gives no safetensors total (at most 7.7B allowed)."
    );
    assert_eq!(
        es(&s.message),
        "No se sabe cuántos parámetros tiene el modelo: el Hub no da el total de safetensors (máximo 7.7B)."
    );
}

#[tokio::test]
async fn scripts_or_notebooks_must_be_in_the_repo() {
    let total = serde_json::json!({"total": 1000});
    let f = model_findings(
        total.clone(),
        &["README.md", "config.json", "model.safetensors"],
    )
    .await;
    let s = finding(&f, "model.scripts");
    assert_eq!(s.severity, Severity::Error);
    assert_eq!(
        en(&s.message),
        "The repository has no scripts or notebooks (.py, .ipynb) among its 3 files."
    );
    assert_eq!(
        es(&s.message),
        "El repositorio no tiene scripts ni notebooks (.py, .ipynb) entre sus 3 archivos."
    );
    let f = model_findings(total.clone(), &["README.md", "Entrenamiento.IPYNB"]).await;
    let s = finding(&f, "model.scripts");
    assert_eq!(s.severity, Severity::Info);
    assert_eq!(
        en(&s.message),
        "Scripts and notebooks: 1 (Entrenamiento.IPYNB)"
    );
    assert_eq!(
        es(&s.message),
        "Scripts y notebooks: 1 (Entrenamiento.IPYNB)"
    );
    // A listing of one file is still a listing: "1 file", not "1 files".
    let f = model_findings(total, &["README.md"]).await;
    let s = finding(&f, "model.scripts");
    assert!(en(&s.message).ends_with("among its 1 file."), "{s:?}");
    assert!(es(&s.message).ends_with("entre sus 1 archivo."), "{s:?}");
}

const COLUMNS: [&str; 9] = [
    "pregunta",
    "respuesta",
    "idioma",
    "registro",
    "periodo",
    "dominio",
    "tarea",
    "país_origen",
    "país_referencia",
];

async fn dataset_with_viewer(rows: &[Vec<&str>], columns: &[&str]) -> Vec<Finding> {
    let dataset = "somosnlp/NoticIA-it";
    let hub = FakeHub::new();
    serve(
        &hub,
        complete_dataset_routes(dataset),
        std::time::Duration::ZERO,
    );
    serve(
        &hub,
        viewer_routes(dataset, columns, rows),
        std::time::Duration::ZERO,
    );
    let base = hub.start().await;
    let mut ctx = CheckContext::new("somosnlp", None);
    ctx.viewer = Some(DatasetViewer::new(options(&base, None)).unwrap());
    let repo = RepoId::parse(RepoKind::Dataset, dataset).unwrap();
    let f = check_repo(&client(&base, None), dataset, &repo, &ctx)
        .await
        .report
        .findings;
    assert_eq!(hub.count(&format!("/splits?dataset={dataset}")), 1);
    f
}

#[tokio::test]
async fn the_corpus_structure_comes_from_the_viewer_when_the_card_has_no_dataset_info() {
    let good = vec![
        "¿Qué?", "Eso.", "es", "culto", "actual", "cocina", "qa", "México", "España",
    ];
    let f = dataset_with_viewer(std::slice::from_ref(&good), &COLUMNS).await;
    let c = finding(&f, "dataset.corpus");
    assert_eq!(c.severity, Severity::Info, "{c:#?}");
    assert_eq!(
        en(&c.message),
        "Corpus structure: 9 required columns in the Hub's dataset viewer"
    );
    assert_eq!(
        es(&c.message),
        "Estructura del corpus: 9 columnas pedidas en el visor de datasets del Hub"
    );

    let mut bad = good.clone();
    bad[4] = "contemporáneo";
    let f = dataset_with_viewer(&[good.clone(), bad], &COLUMNS).await;
    let c = finding(&f, "dataset.corpus");
    assert_eq!(c.severity, Severity::Error);
    assert_eq!(
        en(&c.message),
        "Column `periodo` has values the rules do not allow in the Hub's dataset viewer: contemporáneo (allowed: actual, moderno, clásico, medieval)."
    );
    assert_eq!(
        es(&c.message),
        "La columna `periodo` tiene valores no permitidos en el visor de datasets del Hub: contemporáneo (permitidos: actual, moderno, clásico, medieval)."
    );

    let f = dataset_with_viewer(&[good[..2].to_vec()], &COLUMNS[..2]).await;
    let c = finding(&f, "dataset.corpus");
    assert_eq!(c.severity, Severity::Error);
    assert_eq!(
        en(&c.message),
        "Corpus columns missing from the Hub's dataset viewer: idioma, registro, periodo, dominio, tarea, país_origen, país_referencia (it has: pregunta, respuesta)."
    );
    assert!(es(&c.message)
        .starts_with("Faltan columnas del corpus en el visor de datasets del Hub: idioma,"));
}

#[tokio::test]
async fn membership_reads_every_page_of_the_member_list_and_caches_it() {
    use somosbot::hub::members::MemberCache;
    let hub = FakeHub::new();
    let base = hub.start().await;
    hub.on(
        "/api/organizations/somosnlp/members",
        Reply::json(
            200,
            r#"[{"user":"ana","type":"user"},{"user":"Luis","type":"user"}]"#,
        )
        .header(
            "Link",
            &format!("<{base}/api/organizations/somosnlp/members?cursor=p2>; rel=\"next\""),
        ),
    );
    hub.on(
        "/api/organizations/somosnlp/members?cursor=p2",
        Reply::json(200, r#"[{"user":"marta","type":"user"}]"#),
    );
    let c = client(&base, None);
    assert_eq!(
        c.organization_members("somosnlp").await.unwrap(),
        ["ana", "Luis", "marta"]
    );
    let cache = MemberCache::new(std::time::Duration::from_secs(600));
    // On the second page, and case does not matter.
    assert!(cache.is_member(&c, "somosnlp", "Marta").await.unwrap());
    assert!(cache.is_member(&c, "SomosNLP", "luis").await.unwrap());
    assert!(!cache.is_member(&c, "somosnlp", "pedro").await.unwrap());
    // One listing (two pages) for the direct call, one for the cache.
    assert_eq!(hub.count("/api/organizations/somosnlp/members"), 2);
    assert_eq!(
        hub.count("/api/organizations/somosnlp/members?cursor=p2"),
        2
    );
    // An organization that does not exist has no members.
    hub.on(
        "/api/organizations/nadie/members",
        Reply::error_code(404, "RepoNotFound", "Organization not found"),
    );
    assert!(!cache.is_member(&c, "nadie", "ana").await.unwrap());
}
