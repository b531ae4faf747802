# El jurado: conflictos, asignación, paquetes, puntuaciones, progreso, resultados.

cmd-jury = jurado
    .name = jurado
    .description = El jurado: paquetes, puntuaciones, asignación y resultados
cmd-jury-conflict = conflicto
    .name = conflicto
    .description = Declara que no puedes evaluar a un equipo (jurado)
    .team-name = equipo
    .team-description = El equipo
    .reason-name = motivo
    .reason-description = Por qué (lo ve la organización)

jury-none = Este evento no tiene jurado.
jury-not-judge = Solo el jurado (rol **{ $role }**) puede hacer eso.
jury-no-team = Ese equipo no existe. Elige uno de la lista.
jury-not-submitted = Ese equipo no ha entregado un proyecto.
jury-bad-reason = Da un motivo de 3 a { $max } caracteres.
jury-too-long = Ese texto tiene más de { $max } caracteres.
jury-not-assigned = Ese proyecto no te está asignado.
jury-no-group = Ese proyecto no se puntúa en ese grupo de criterios.
jury-closed = La evaluación cerró el { $when }; las puntuaciones ya no pueden cambiar.
jury-score-not-number = «{ $value }» no es un número. Escribe una puntuación como 2 o 2,5.
jury-score-out-of-range = { $value } está fuera de 0–{ $max }.
jury-score-not-half = { $value } no es un punto entero o medio (p. ej. 2 o 2,5).
jury-conflict-declared = Anotado: no se te asignará **{ $team }**. Si ya era tuyo y sin puntuar, el próximo `/jury assign` lo mueve.
jury-conflict-already = Ya habías declarado un conflicto con **{ $team }**.
cmd-jury-assign = asignar
    .name = asignar
    .description = Asigna los proyectos entregados al jurado (organización)
cmd-jury-next = siguiente
    .name = siguiente
    .description = Tu siguiente proyecto por puntuar (jurado)
cmd-jury-packet = paquete
    .name = paquete
    .description = Uno de tus proyectos: enlaces, informe del Hub, botones para puntuar (jurado)
    .team-name = equipo
    .team-description = Uno de tus proyectos asignados
cmd-jury-progress = progreso
    .name = progreso
    .description = Cómo va el jurado (organización)
    .page-name = pagina
    .page-description = Qué página
cmd-jury-results = resultados
    .name = resultados
    .description = Vista previa de la clasificación; solo la ves tú (organización)
    .normalized-name = normalizada
    .normalized-description = Compensa jurados estrictos y generosos (puntuaciones z por jurado)

jury-packet-title = **{ $team }** — { $topic }
    Equipo: { $members }
jury-packet-ods = ODS { $number }: { $name }
jury-packet-corpus-only = Proyecto solo de corpus: se puntúa solo en los grupos del corpus.
jury-packet-report = **Comprobación del Hub** (hallazgos y commits tras el plazo):
jury-packet-no-report = No hay comprobación del Hub guardada para este proyecto.
jury-packet-yours = Tus puntuaciones: { $scores }
jury-packet-closes = Las puntuaciones pueden cambiar hasta el { $when }.
jury-next-none = No te queda ningún proyecto por puntuar. ¡Gracias!
jury-button-score = Puntuar { $group }
jury-button-comment = Comentario
jury-button-extra = Punto extra (+{ $points })
jury-form-title = { $team }
jury-form-label = { $group } (0–{ $max }, medios puntos)
jury-comment-label = Comentario al equipo (con los resultados)
jury-comment-placeholder = El equipo lo verá con los resultados, en el idioma en que lo escribas.
jury-note-label = Nota privada para la organización
jury-note-placeholder = Solo la organización la lee.
jury-score-saved = Guardado: { $group } { $score }/{ $max } (antes: { $previous }).
jury-comment-saved = Tu comentario y tu nota están guardados.
jury-extra-given = Tu punto extra va a **{ $team }**. Das un punto extra a un solo proyecto; pulsarlo en otro lo mueve allí.
jury-extra-moved = Tu punto extra pasó de **{ $from }** a **{ $team }**.
jury-extra-taken-back = Retiraste tu punto extra de **{ $team }**.
jury-assign-summary = **Asignación**: { $projects } proyectos, { $judges } jurados (personas con el rol del jurado que han usado el bot). Esta pasada añade { $added } y quita { $removed } asignaciones.
jury-assign-load = Carga por jurado: { $load }
jury-assign-short = Por debajo del mínimo de jurados: { $teams }
jury-assign-kept = Se mantienen porque tienen puntuaciones: { $kept }
jury-assign-ask = ¿Aplicarla?
jury-assign-confirm = Asignar
jury-assign-nothing = Nada que cambiar: cada proyecto ya tiene su jurado.
jury-assign-changed = La asignación cambió desde la vista previa (una entrega, un conflicto, un jurado). Ejecuta `/jury assign` de nuevo.
jury-assign-applied = Asignado: { $added } añadidas, { $removed } quitadas.
    { $summary }
jury-progress-title = **Progreso del jurado**: { $finished }/{ $assigned } paquetes puntuados; { $below } proyectos por debajo del mínimo. Página { $page }/{ $pages }.
jury-progress-project = { $below ->
        [1] ⚠️
       *[0] ✅
    } **{ $team }**: { $finished }/{ $assigned } jurados han terminado{ $missing }
jury-progress-judge = { $judge }: { $done } hechos, { $pending } pendientes
jury-results-title = **Vista previa de la clasificación** { $normalized ->
        [1] (normalizada por jurado)
       *[0] (media de los totales del jurado + puntos extra)
    }
jury-results-line = { $place }.{ $tied ->
        [1] { " " }(empate)
       *[0] {""}
    } **{ $team }** — { $score }/{ $out_of } ({ $judges } jurados)
jury-results-corpus-only = **Proyectos solo de corpus** (en su propia escala):
jury-progress-missing = ; faltan { $judges }
jury-reminder = Te { $count ->
        [one] queda { $count } proyecto
       *[other] quedan { $count } proyectos
    } por puntuar antes del { $when } ({ $relative }). Usa `/jury next` en el servidor.
