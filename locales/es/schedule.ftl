## Publicaciones del programador (en el idioma por defecto del evento salvo las personales)

sched-reminder = ⏰ Recordatorio: **{ $title }** — { $when } ({ $relative }).
sched-nudge-person = ¡Hola! En **{ $event }**, la inscripción de equipos se cierra { $when } ({ $relative }) y todavía no tienes equipo. Crea uno o pide unirte a uno en #{ $channel }. Los equipos de una sola persona también cuentan.
sched-nudge-person-fallback = <@{ $user }> la inscripción de equipos se cierra { $when } ({ $relative }) y todavía no tienes equipo (no he podido escribirte por mensaje directo). Crea uno o únete a uno aquí.
sched-nudge-team = **{ $team }**: la entrega se cierra { $when } ({ $relative }). Todavía falta:
    { $missing }
sched-missing-submission = una entrega: aún no habéis entregado nada
sched-missing-model = el enlace del modelo
sched-missing-demo = el enlace de la demo
sched-missing-late = ningún cambio después del plazo: un repositorio cambió después, y las reglas dicen que eso puede descalificar el proyecto (hablad con la organización)
sched-missing-check = pasar la comprobación en el Hub (corregid lo que indicó la última comprobación y volved a entregar)
sched-missed-report = ⚠️ El bot estuvo desconectado: { $count } { $count ->
        [one] mensaje programado vencía
       *[other] mensajes programados vencían
    } hace más de { $grace } minutos y no se { $count ->
        [one] ha enviado
       *[other] han enviado
    } con retraso: { $list }{ $more ->
        [0] {""}
       *[other] {" "}y { $more } más
    }.
sched-failed-report = ❌ No se pudo enviar un mensaje programado y se ha abandonado (`{ $key }`): { $error }
sched-commit-watch-none = 🔎 Vigilancia de commits: { $checked } { $checked ->
        [one] entrega comprobada
       *[other] entregas comprobadas
    } de nuevo tras la fecha límite; ningún repo tiene commits posteriores.
sched-commit-watch-late = 🔎 Vigilancia de commits: { $checked } { $checked ->
        [one] entrega comprobada
       *[other] entregas comprobadas
    } de nuevo tras la fecha límite; { $count } { $count ->
        [one] repo tiene
       *[other] repos tienen
    } commits posteriores a la fecha límite:
    { $list }
sched-commit-watch-stopped = ⏸️ En pausa: el Hub dejó de responder tras { $checked } de { $total } entregas; el resto conserva su último veredicto y no se ha comprobado de nuevo.
sched-commit-watch-stopped-rate-limit = ⏸️ En pausa: el límite de peticiones del Hub no se reinició a tiempo tras { $checked } de { $total } entregas; el resto conserva su último veredicto y no se ha comprobado de nuevo.
sched-commit-watch-skipped = Se { $count ->
        [one] ha saltado { $count } equipo cuyos repositorios
       *[other] han saltado { $count } equipos cuyos repositorios
    } no se pudieron comprobar (se conserva su último veredicto): { $teams }

## /deadlines y /deadline

deadlines-title = **Fechas límite de { $event }** (en tu zona horaria)
deadlines-line = • **{ $title }** — { $when } ({ $relative })
deadlines-none = Todavía no hay fechas límite.
deadline-bad-time = No entiendo “{ $input }” como fecha y hora. Escríbela con su zona, p. ej. `2024-03-24 23:59 AoE`, `2024-03-26 17:00 +01:00` o `2024-03-25T11:59:00Z`.
deadline-bad-offsets = No entiendo “{ $input }” como avisos. Escribe duraciones separadas por comas, p. ej. `7d, 1d, 6h`.
deadline-bad-id = El id de una fecha límite lleva minúsculas, cifras y “-” (p. ej. `demo-final`), sin empezar ni terminar en “-”, hasta 64 caracteres.
deadline-exists = Ya existe la fecha límite `{ $id }`. Usa `/deadline edit` para cambiarla.
deadline-not-found = No existe la fecha límite `{ $id }`. Usa las sugerencias al escribir.
deadline-in-use = La fecha límite `{ $id }` la usan las reglas del evento (inscripción de equipos), así que no se puede eliminar; edítala.
deadline-nothing-to-change = No hay nada que cambiar: indica una nueva hora, título o avisos.
deadline-added = Añadida **{ $title }** — { $when } ({ $relative }), con { $reminders } { $reminders ->
        [one] aviso programado
       *[other] avisos programados
    }.
deadline-edited = Actualizada **{ $title }** — { $when } ({ $relative }). Se { $cancelled ->
        [one] canceló { $cancelled } aviso pendiente
       *[other] cancelaron { $cancelled } avisos pendientes
    } y se programaron { $scheduled }.
deadline-removed = Eliminada la fecha límite `{ $id }`; se cancelaron { $cancelled } avisos pendientes.
deadline-moved-post = 📅 **{ $title }** ha cambiado: ahora es { $when } ({ $relative }). Antes era { $old }.
deadline-added-post = 📅 Nueva fecha límite: **{ $title }** — { $when } ({ $relative }).
deadline-removed-post = 📅 Se ha eliminado la fecha límite **{ $title }**.

## /announce

announce-modal-title = Anuncio
announce-modal-text = Texto del anuncio
announce-preview = Vista previa de tu anuncio, que se publicará en <#{ $channel }> { $when }{ $role ->
        [none] {""}
       *[other] , mencionando a <@&{ $role }>
    }. El texto está arriba; todavía no se ha publicado nada.
announce-when-now = ahora
announce-when-at = el { $when } ({ $relative })
announce-confirm = Publicar
announce-cancel = Cancelar
announce-cancelled-draft = No se ha publicado nada.
announce-scheduled = Programado ✅ (`{ $id }`): se publicará en <#{ $channel }> { $when }.
announce-in-past = Esa hora ya ha pasado. Deja `at` vacío para publicar ahora.
announce-empty = El anuncio está vacío.
announce-list-title = **Anuncios programados**
announce-list-line = • `{ $id }` — <#{ $channel }> { $when } ({ $relative }): { $preview }
announce-list-none = No hay anuncios programados.
announce-cancel-done = Cancelado `{ $id }`; no se publicará.
announce-cancel-not-found = No hay ningún anuncio programado `{ $id }` (¿ya se publicó o se canceló?).

## Nombres y descripciones de los comandos (misma convención que commands.ftl)

cmd-deadlines = fechas
    .name = fechas
    .description = Las fechas límite del evento, en tu zona horaria
cmd-deadline = fecha
    .name = fecha
    .description = Añade, cambia o elimina una fecha límite (organización)
cmd-deadline-add = añadir
    .name = añadir
    .description = Añade una fecha límite y programa sus avisos
    .id-name = id
    .id-description = Un id corto: minúsculas, cifras y - (p. ej. demo-final)
    .at-name = cuando
    .at-description = Cuándo, con su zona: 2024-03-24 23:59 AoE, 2024-03-26 17:00 +01:00
    .title_es-name = titulo_es
    .title_es-description = El título en español
    .title_en-name = titulo_en
    .title_en-description = El título en inglés
    .reminders-name = avisos
    .reminders-description = Con cuánta antelación avisar a todos, p. ej. 7d, 1d, 6h
cmd-deadline-edit = cambiar
    .name = cambiar
    .description = Cambia una fecha límite; sus avisos se mueven con ella y se anuncia el cambio
    .id-name = id
    .id-description = La fecha límite que cambiar
    .at-name = cuando
    .at-description = La nueva hora, con su zona: 2024-03-24 23:59 AoE
    .title_es-name = titulo_es
    .title_es-description = El nuevo título en español
    .title_en-name = titulo_en
    .title_en-description = El nuevo título en inglés
    .reminders-name = avisos
    .reminders-description = Los nuevos avisos, p. ej. 7d, 1d, 6h
cmd-deadline-remove = eliminar
    .name = eliminar
    .description = Elimina una fecha límite y cancela sus avisos
    .id-name = id
    .id-description = La fecha límite que eliminar
cmd-announce = anunciar
    .name = anunciar
    .description = Anuncios, ahora o a una hora fijada (organización)
cmd-announce-send = enviar
    .name = enviar
    .description = Escribe un anuncio, revísalo y publícalo ahora o más tarde
    .channel-name = canal
    .channel-description = Dónde publicarlo
    .at-name = cuando
    .at-description = Cuándo, con su zona (vacío: ahora), p. ej. 2024-03-20 18:00 +01:00
    .role-name = rol
    .role-description = Un rol al que mencionar (si no, no se menciona a nadie)
cmd-announce-list = lista
    .name = lista
    .description = Los anuncios programados
cmd-announce-cancel = cancelar
    .name = cancelar
    .description = Cancela un anuncio programado
    .id-name = id
    .id-description = El anuncio que cancelar
