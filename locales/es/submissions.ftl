## /entregar, /entrega estado, /entregas (organización)

submit-error-not-in-team = Todavía no estás en un equipo. Crea uno o únete a uno; solo la capitanía de un equipo puede entregar.
submit-error-not-captain = Solo la capitanía de tu equipo puede entregar. Pídele que use /entregar, o que te ceda la capitanía.
submit-error-team-not-found = No hay ningún equipo con ese nombre.
submit-error-deadline = Las entregas se cerraron el { $deadline } ({ $relative }). Si algo impidió a tu equipo entregar a tiempo, habla con la organización.
submit-error-missing = Falta el enlace del { $field ->
        [model] modelo
        [demo] demo
       *[other] { $field }
    }.
submit-error-bad-link = El enlace del { $field ->
        [model] modelo
        [demo] demo
       *[other] { $field }
    } no sirve: { $reason }
submit-error-wrong-kind = El enlace del { $field ->
        [model] modelo
        [demo] demo
       *[other] { $field }
    } apunta a un { $found }. Copia el enlace desde la página del propio { $field ->
        [model] modelo
        [demo] demo
       *[other] { $field }
    } en huggingface.co.
submit-error-bad-video = El enlace del vídeo no es una dirección web. Pega el enlace completo (https://…).
submit-error-no-submission = Tu equipo todavía no ha entregado. La capitanía puede usar /entregar.
submit-error-too-soon = La entrega de tu equipo se comprobó hace un momento. Puedes volver a comprobarla { $retry }.
hub-budget-spent = El presupuesto de consultas al Hub de Hugging Face que comparten todos los equipos está agotado por ahora. Vuelve a intentarlo a las { $when } ({ $retry }).
submit-joined = Ya se está comprobando la entrega de tu equipo; aquí verás su resultado cuando termine.
submit-joined-lost = La comprobación de tu equipo que estaba en curso terminó sin informe. Vuelve a intentarlo en un momento.
submit-error-bad-hours = El número de horas debe estar entre 1 y 720.
submit-error-no-late-exception = Ese equipo no tiene ninguna excepción de plazo que retirar.

submit-checking = **Comprobando tu entrega en el Hub de Hugging Face…**
submit-row-checking = comprobando…
submit-row-complete = completo
submit-row-incomplete = falta algo
submit-row-late = cambiado después del plazo
submit-row-unchecked = sin comprobar todavía

submission-status-complete = ✅ **Completa**: esto es lo que verá el jurado.
submission-status-late = ⏰ **Fuera de plazo**: un repositorio cambió después de la fecha límite, y las reglas dicen que eso puede descalificar el proyecto. No hagas más cambios y avisa a la organización; solo ella puede aceptarlo.
submission-status-incomplete = ❌ **Incompleta**: arregla lo marcado abajo y pulsa «Comprobar de nuevo».
submission-status-unchecked = ⚠️ **Sin comprobar todavía**: el Hub no respondió. Tus enlaces están guardados; pulsa «Comprobar de nuevo» en unos minutos.
submission-status-checking = ⏳ **Comprobándose.**
submission-recheck-button = Comprobar de nuevo
submission-status-title = **Entrega de { $team }**, enviada el { $when } ({ $relative })
submission-video = Vídeo: <{ $video }>
submission-attempt-failed = -# Última comprobación: { $when } ({ $relative }); el último intento ({ $attempt }) falló porque el Hub no respondió, así que este veredicto sigue en pie.

submissions-overview-title = **Entregas**
submissions-overview-complete = ✅ Completas ({ $count }): { $teams }
submissions-overview-late = ⏰ Fuera de plazo, con cambios después de la fecha límite ({ $count }): { $teams }
submissions-overview-incomplete = ❌ Incompletas ({ $count }): { $teams }
submissions-overview-unchecked = ⚠️ Sin comprobar todavía ({ $count }): { $teams }
submissions-overview-missing = ⭕ Sin entrega ({ $count }): { $teams }
submissions-overview-stale = ⚠️ Último intento fallido, se conserva el último veredicto ({ $count }): { $teams }
submissions-overview-stale-team = { $team } (última comprobación: { $when })
submissions-allow-late-done = **{ $team }** puede entregar hasta el { $until } ({ $relative }).
submissions-recheck-progress = Volviendo a comprobar todas las entregas en el Hub: { $done } de { $total }…
submissions-recheck-done = Comprobadas de nuevo { $done } de { $total } entregas.
submissions-recheck-stopped = ⏸️ En pausa: el Hub dejó de responder tras { $done } de { $total } entregas; las demás conservan su último veredicto. Inténtalo de nuevo en unos minutos.
submissions-recheck-stopped-rate-limit = ⏸️ En pausa: se alcanzó el límite de peticiones del Hub tras { $done } de { $total } entregas y no se reinició a tiempo (próximo reinicio en unos { $seconds } s); las demás conservan su último veredicto. Inténtalo de nuevo después.
submissions-recheck-paused = ⏸️ Esperando { $seconds } s a que se reinicie la ventana de peticiones del Hub…
submissions-recheck-skipped = Se { $count ->
        [one] ha saltado { $count } equipo cuyos repositorios
       *[other] han saltado { $count } equipos cuyos repositorios
    } no se pudieron comprobar (se conserva su último veredicto): { $teams }
submissions-accept-late-done = **{ $team }**: se aceptan los cambios después del plazo hasta el { $until } ({ $relative }). Los cambios posteriores vuelven a estar fuera de plazo.
submissions-accept-late-withdrawn = **{ $team }**: se retira la excepción de plazo.
submissions-accept-late-pick = Elige el equipo de la lista que aparece mientras escribes.
submission-report-compact = (Se omiten las comprobaciones superadas para que quepa en un mensaje.)

help-cmd-submit = `/entregar` — la capitanía entrega los enlaces del dataset, el modelo y la demo y ve cómo se completa la lista del jurado.
help-cmd-submission-status = `/entrega estado` — la última entrega de tu equipo y su informe, con un botón para volver a comprobarla.
help-cmd-submissions = `/entregas resumen|permitir-tarde|aceptar-tarde|recomprobar-todas` — quién está completo, dejar entregar tarde a un equipo, aceptar los cambios de un equipo después del plazo, comprobar a todos de nuevo.

## Por qué no se pudo consultar el Hub (resúmenes para la organización)

hub-unavailable-timeout = el Hub no respondió a tiempo
hub-unavailable-network = no se pudo conectar con el Hub
hub-unavailable-rate-limited = el límite de peticiones del Hub (próximo reinicio en { $seconds } s)
hub-unavailable-server = el Hub respondió HTTP { $status }
hub-unavailable-invalid = el Hub envió una respuesta que no se pudo leer
hub-unavailable-redirects = demasiadas redirecciones
hub-unavailable-off-host = el Hub redirigió a otro servidor ({ $host }), que no se sigue
hub-unavailable-bad-token = el Hub rechazó el token del bot (HF_TOKEN)
hub-unavailable-unexpected = respuesta inesperada HTTP { $status }
recheck-skip-stored-links = sus enlaces guardados ya no se pueden leer
recheck-skip-unknown = no se pudo comprobar

## /leaderboard

leaderboard-title-spaces = **Spaces de { $org } con más likes** en el Hub
leaderboard-title-models = **Modelos de { $org } con más likes** en el Hub
leaderboard-since = Cambio desde la instantánea del { $when }:
leaderboard-new = nuevo
leaderboard-empty = La organización aún no tiene ninguno.
leaderboard-hub-unavailable = El Hub de Hugging Face no responde ahora mismo; vuelve a intentarlo en unos minutos.
leaderboard-snapshot-done = Instantánea guardada: { $count } repos. `/leaderboard likes` mostrará el cambio desde ahora.
help-cmd-leaderboard = `/clasificacion likes [tipo]` — los Spaces (o modelos) del evento por likes en el Hub.
help-cmd-leaderboard-snapshot = `/clasificacion instantanea [tipo]` — guardar la clasificación de hoy para que se vea el cambio desde entonces.
