# The Hub checker: findings on a repo, its card and a team's submission
# (`/submit`, `/submission status`, the web pages, `somosbot check`).
# Ids are stored with each report: rename one only with a migration.

## Reports

hub-report-cross-checks = Enlaces entre dataset, modelo y demo
hub-status-complete = completo
hub-status-late = fuera de plazo: hay cambios después de la fecha límite, y las reglas dicen que pueden descalificar el proyecto
hub-status-incomplete = incompleto
hub-status-could-not-check = no se pudo comprobar (el Hub no respondió); inténtalo más tarde
hub-kind-dataset = dataset
hub-kind-model = modelo
hub-kind-space = demo (Space)

## Links

hub-link-invalid = { $what }. Pega el enlace del repositorio, p. ej. https://huggingface.co/datasets/somosnlp/mi-corpus
hub-link-invalid-hint = Copia el enlace desde la página del repositorio en huggingface.co.
hub-link-not-a-link = no es un enlace: "{ $text }"
hub-link-not-hub = `{ $host }` no es el Hub de Hugging Face
hub-link-org-page = `{ $namespace }` es la página de un usuario u organización, no un repositorio
hub-link-site-page = `{ $path }` es una página del Hub, no un repositorio
hub-link-collection = es una colección, no un repositorio
hub-link-discussion = es una discusión de { $repo }, no el repositorio
hub-link-commit = es la página de un commit de { $repo }, no el repositorio
hub-link-bad-subdomain = `{ $address }` no es una dirección de Space válida
hub-link-bad-id = identificador no válido ({ $reason })
hub-repo-id-missing-namespace = un identificador de repositorio lleva espacio de nombres y nombre, como `somosnlp/mi-dataset`
hub-repo-id-too-many-slashes = un identificador de repositorio tiene como mucho una `/`
hub-repo-id-bad-namespace = `{ $value }` no es un nombre de usuario u organización válido
hub-repo-id-bad-name = `{ $value }` no es un nombre de repositorio válido: usa letras, cifras, `-`, `_`, `.` (de 1 a 96), sin empezar ni acabar en `-` o `.`, sin `--` ni `..` ni `.git` al final
hub-space-unknown-subdomain = No se encontró ningún Space público con la dirección { $address }.
hub-space-unknown-subdomain-hint = Pega el enlace del repositorio: https://huggingface.co/spaces/{ $org }/…

## When the Hub cannot answer

hub-unavailable = No se pudo consultar el Hub: { $reason }.
hub-unavailable-hint = No es un fallo del proyecto: vuelve a comprobarlo en unos minutos.
hub-check-again-later = Vuelve a comprobarlo más tarde.
hub-error-not-found-or-private = no existe o es privado (sin token, el Hub responde igual en los dos casos)
hub-error-not-found = el repositorio no existe
hub-error-entry-not-found = el archivo no está en el repositorio
hub-error-revision-not-found = la revisión no existe
hub-error-gated = el repositorio tiene acceso restringido
hub-error-disabled = el repositorio está deshabilitado
hub-error-too-large = el README.md ocupa más de { $limit } bytes
hub-error-not-utf8 = el README.md no es texto UTF-8 válido
hub-error-bad-endpoint = la dirección del Hub `{ $endpoint }` no es válida

## The repository

hub-repo-not-found-or-private = { $repo } no existe o es privado (sin token, el Hub responde igual en los dos casos).
hub-repo-not-found-or-private-hint = Comprueba el enlace y haz público el repositorio dentro de { $org }.
hub-repo-not-found = { $repo } no existe en el Hub.
hub-repo-not-found-hint = Comprueba el enlace (mayúsculas, guiones, tipo de repositorio).
hub-repo-restricted = { $repo } tiene acceso restringido o está deshabilitado.
hub-repo-restricted-hint = El repositorio debe ser público y sin restricciones de acceso.
hub-repo-exists = { $repo } existe en el Hub
hub-repo-renamed = El repositorio ahora es { $repo }.
hub-repo-renamed-hint = Usa el enlace nuevo en la entrega.
hub-repo-in-organization = Está en la organización { $org }
hub-repo-not-in-organization = No está en la organización { $org }.
hub-repo-not-in-organization-hint = Transfiérelo a { $org } (Settings → Rename or transfer this repository).
hub-repo-public = Es público
hub-repo-private = Es privado.
hub-repo-private-hint = Hazlo público en Settings → Change repository visibility.
hub-repo-gated = Tiene acceso restringido (gated: { $gate }).
hub-repo-gated-hint = Quita la restricción de acceso en Settings.
hub-repo-disabled = El Hub ha deshabilitado el repositorio.
hub-repo-disabled-hint = Escribe a la organización del hackathon.

## Commits and the deadline

hub-commits-unavailable = No se pudo leer la lista de commits ({ $reason }); se usa la fecha de última modificación.
hub-commits-last = Último commit: { $time }
hub-commits-before-deadline = Último commit ({ $last }) antes del plazo ({ $deadline })
hub-commits-accepted = { $changes ->
        [some] Hay cambios
        [more] Hay más de { $count } commits
       *[exact] { $count ->
            [one] Hay 1 commit
           *[other] Hay { $count } commits
        }
    } después del plazo ({ $deadline }), aceptados por la organización (cambios hasta { $until })
hub-commits-late = Fuera de plazo: { $changes ->
        [some] hay cambios
        [more] hay más de { $count } commits
       *[exact] { $count ->
            [one] hay 1 commit
           *[other] hay { $count } commits
        }
    } después del plazo ({ $deadline }).
hub-commits-late-hint = Las reglas dicen que los commits después del plazo pueden descalificar el proyecto: no hagas más cambios y escribe a la organización, que decide si los acepta.

## The demo

hub-runtime-running = La demo está en marcha ({ $hardware })
hub-runtime-stopped = La demo no está en marcha (estado { $stage }).
hub-runtime-stopped-hint = Abre el Space, mira los logs y reinícialo (Settings → Restart).

## The card

hub-card-missing = El repositorio no tiene README.md (la card).
hub-card-missing-hint = Crea el README.md a partir de la plantilla de SomosNLP y rellénalo.
hub-card-unreadable = No se puede leer la card: { $reason }.
hub-card-unreadable-format-hint = El README.md debe ser texto UTF-8 de menos de 1 MiB.
hub-card-unreadable-public-hint = El repositorio y su README.md deben ser públicos.

## Card metadata (the YAML block at the top of README.md)

hub-metadata-yaml = Los metadatos YAML de la card no se pueden leer: { $error }
hub-metadata-yaml-hint = Revisa el bloque entre las líneas `---` al principio del README.md (sangría, comillas, dos puntos).
hub-metadata-stray = Hay un bloque de metadatos `---` en la línea { $line }, pero el Hub solo lee el que abre el README.md.
hub-metadata-stray-hint = Mueve ese bloque al principio del README.md, antes del título y de cualquier texto.
hub-metadata-missing = La card no tiene metadatos YAML.
hub-metadata-missing-hint = Añade al principio del README.md un bloque entre líneas `---` con license, language, etc.
hub-metadata-present = Metadato `{ $key }`: { $values }
hub-metadata-field-missing = Falta el metadato `{ $key }`.
hub-metadata-field-missing-hint = Añade `{ $key }: …` en el bloque YAML del README.md.
hub-language-missing-hint = Añade `language:` con uno de: { $wanted }.
hub-language-accepted = Idioma aceptado: { $values }
hub-language-refused = `language` ({ $values }) no incluye ninguno de: { $wanted }.
hub-language-refused-hint = Usa códigos ISO: { $wanted }; las variedades regionales (es-MX, es-AR…) también valen.
hub-license-vague = `license: { $values }` no dice qué licencia es, y no hay `license_name`.
hub-license-vague-hint = Usa un identificador de licencia (apache-2.0, cc-by-4.0…) o añade `license_name:` y `license_link:`.

## What the card must mention, and template leftovers

hub-mention-found = { $title }: mencionado
hub-mention-missing = Falta en la card: { $title } (se buscó en encabezados, texto, title, short_description y tags).
hub-mention-missing-hint = Dilo en el README.md con alguna de estas palabras: { $words }.
hub-placeholders = { $total ->
        [one] Queda 1 resto
       *[other] Quedan { $total } restos
    } de la plantilla: { $more_information } «[More Information Needed]», { $comments ->
        [one] 1 comentario
       *[other] { $comments } comentarios
    } <!-- -->, { $jinja } «{"{{ }}"}».
hub-placeholders-hint = Sustituye cada marcador por información real o borra la línea; borra también los comentarios de instrucciones.

## Required sections of the card

hub-section-in-metadata = { $title }: indicado en el metadato `{ $key }`
hub-section-missing = Falta la sección «{ $title }»: ningún encabezado coincide (se buscó: { $looked }) y ningún párrafo habla de ello.
hub-section-missing-hint = Añade un encabezado como «## { $title }»{ $metadata ->
        [none] {""}
       *[other] {" "}(o el metadato `{ $metadata }`)
    } y escribe al menos { $min ->
        [one] 1 palabra
       *[other] { $min } palabras
    }.
hub-section-found = { $title }: { $place } ({ $found })
hub-section-no-mention = { $place } ({ $found }) no menciona ninguna de: { $words }.
hub-section-no-mention-hint = Explica en «{ $title }» qué sesgos puede tener y cómo los evaluaste o mitigaste; hablar solo de limitaciones no basta.
hub-section-short = { $place } tiene { $words ->
        [one] 1 palabra real
       *[other] { $words } palabras reales
    }{ $placeholders ->
        [0] {""}
        [one] {" "}y 1 marcador de plantilla sin rellenar
       *[other] {" "}y { $placeholders } marcadores de plantilla sin rellenar
    } (mínimo { $min }).
hub-section-placeholders-hint = Sustituye los marcadores de «{ $title }» por tu propio texto.
hub-section-blocks-hint = Una tabla o un bloque de código no basta aquí: explica «{ $title }» con palabras (al menos { $min ->
        [one] 1 palabra
       *[other] { $min } palabras
    }).
hub-section-more-words-hint = Desarrolla «{ $title }»: faltan al menos { $missing ->
        [one] 1 palabra
       *[other] { $missing } palabras
    }.
hub-section-no-number = { $place } ({ $found }) no da ninguna cifra.
hub-section-no-number-hint = Indica el valor medido en «{ $title }»{ $metadata ->
        [none] {""}
       *[other] {" "}(o el metadato `{ $metadata }`)
    }.
hub-place-heading = { $at ->
        [start] La sección «{ $heading }»
       *[other] la sección «{ $heading }»
    }
hub-place-intro = { $at ->
        [start] El texto bajo el título
       *[other] el texto bajo el título
    }
hub-place-paragraph = { $at ->
        [start] Un párrafo bajo «{ $heading }»
       *[other] un párrafo bajo «{ $heading }»
    }
hub-place-paragraph-top = { $at ->
        [start] Un párrafo al principio de la card
       *[other] un párrafo al principio de la card
    }
hub-found = { $words ->
        [one] 1 palabra
       *[other] { $words } palabras
    }{ $rows ->
        [0] {""}
       *[other] , una tabla de { $rows } filas
    }{ $blocks ->
        [0] {""}
        [one] , 1 bloque de código
       *[other] , { $blocks } bloques de código
    }

## The instruction corpus (datasets)

hub-corpus-source-features = dataset_info.features
hub-corpus-source-viewer = el visor de datasets del Hub
hub-corpus-columns-missing = Faltan columnas del corpus en { $source }: { $missing } (tiene: { $have }).
hub-corpus-columns-missing-hint = El corpus debe tener las columnas { $columns }, como piden las bases.
hub-corpus-values = La columna `{ $column }` tiene valores no permitidos en { $source }: { $wrong } (permitidos: { $allowed }).
hub-corpus-values-hint = Usa solo estos valores en `{ $column }`: { $allowed }.
hub-corpus-ok = Estructura del corpus: { $count ->
        [one] 1 columna pedida
       *[other] { $count } columnas pedidas
    } en { $source }
hub-corpus-no-split = No se pueden ver las columnas del corpus: la card no tiene `dataset_info.features` y el visor de datasets del Hub no muestra ninguna partición.
hub-corpus-no-split-hint = Sube los datos en un formato que el visor lea (Parquet, CSV, JSON) o declara `dataset_info.features` en la card.
hub-corpus-viewer-unavailable = No se pudo preguntar al visor de datasets por las columnas del corpus: { $reason }.
hub-corpus-viewer-unavailable-hint = Vuelve a comprobar más tarde, o declara `dataset_info.features` en la card.

## Files and weights

hub-scripts-missing = El repositorio no tiene scripts ni notebooks ({ $wanted }) entre sus { $files ->
        [one] 1 archivo
       *[other] { $files } archivos
    }.
hub-scripts-missing-hint = Sube al repo los scripts/notebooks que usaste y explica en la card qué es qué, como piden las bases.
hub-scripts-found = Scripts y notebooks: { $count } ({ $files })
hub-size-unknown = No se sabe cuántos parámetros tiene el modelo: el Hub no da el total de safetensors (máximo { $max }).
hub-size-unknown-hint = Sube los pesos en formato safetensors para que el Hub pueda contar los parámetros.
hub-size-too-large = El modelo tiene { $size } parámetros según safetensors; el máximo es { $max }.
hub-size-too-large-hint = Haz fine-tuning de un modelo de hasta { $max } parámetros.
hub-size-ok = Tamaño: { $size } parámetros según safetensors (máximo { $max })

## How the dataset, model and demo name each other

hub-cross-named = `{ $field }:` del { $from ->
        [model] modelo
        [space] Space
       *[other] { $from }
    } nombra { $target }
hub-cross-not-named = `{ $field }:` del { $from ->
        [model] modelo
        [space] Space
       *[other] { $from }
    } no nombra { $target }.
hub-cross-not-named-hint = Añade `{ $field }:\n- { $target }` al YAML de su README.md.
