# Tickets de ayuda en el foro (/ask, publicaciones a mano, mentores, FAQ).

## Título
ticket-title-short = El título es demasiado corto: usa al menos { $min } caracteres y di qué falla y dónde.
ticket-title-long = El título es demasiado largo: como mucho { $max } caracteres.
ticket-title-vague = El título solo pide ayuda («ayuda», «error», «duda»…) y no dice con qué. Prueba algo como «CUDA out of memory al entrenar Llama 7B en Colab».

## /ask
ask-modal-title = Pide ayuda
ask-field-title = Título: qué falla y dónde
ask-field-tried = Qué has probado
ask-field-links = Enlaces (repo, notebook, error)
ask-title-placeholder = Ej.: Error 401 al subir el dataset al Hub
ask-tried-placeholder = Qué esperabas, qué pasó y qué has intentado ya
ask-links-placeholder = https://huggingface.co/…
ask-refused = { $reason }
    Aquí está lo que escribiste; pulsa «Editar» para corregirlo sin perder nada.
ask-edit = Editar
ask-created = ¡Listo! Tu pregunta está en { $thread }. Un mentor te responderá allí.
ask-already = Tu pregunta ya estaba creada: { $thread }
ask-in-progress = Tu pregunta se está creando; aparecerá en el foro en unos segundos.
ask-no-forum = El foro de ayuda no está preparado todavía (falta #{ $forum } o su etiqueta «{ $tag }»). Ya he avisado a la organización; vuelve a intentarlo en un rato.
ask-post-body = {"**"}Qué he probado**
    { $tried }

    {"**"}Enlaces**
    { $links }

    Pregunta de { $author }
ask-post-no-links = (ninguno)

## Publicaciones a mano
ticket-welcome = ¡Hola { $author }! Tu pregunta ya está en la cola de ayuda. Si nadie responde en { $minutes } min, aviso a los mentores.
ticket-tag-added = He añadido la etiqueta «{ $tag }» que necesita cada pregunta del hackathon.
ticket-tag-missing = Falta la etiqueta «{ $tag }»: añádela desde el menú de la publicación (… → Editar etiquetas) para que los mentores la encuentren.
ticket-title-advice = Un consejo: el título no deja claro el problema. Edítalo (… → Editar publicación) para decir qué falla y dónde, p. ej. «Error 401 al subir el dataset al Hub». Así te responderán antes.
ticket-claim-button = Me lo quedo
ticket-release-button = Devolver a la cola

## Organización
ticket-forum-missing = ⚠️ Tickets de ayuda: el bot no tiene registrado el foro #{ $forum } (no hay ninguno o hay varios con ese nombre). Usa `/setup apply` para crearlo o `/setup link channel key:help_forum` para elegirlo, para que /ask funcione.
ticket-tag-missing-report = ⚠️ Tickets de ayuda: el foro #{ $forum } no tiene la etiqueta «{ $tag }». Añádela en la configuración del foro (o revisa `[help]` en el archivo del evento).
ticket-edit-failed-report = ⚠️ Tickets de ayuda: no he podido cambiar las etiquetas o el archivo de { $thread } ({ $error }). Revisa que tengo el permiso «Gestionar hilos» en el foro.
ticket-reconciled = Tickets de ayuda tras reiniciar: { $deleted } publicaciones borradas, { $archived } archivadas a mano, { $found } nuevas sin atender y { $retagged } con etiquetas corregidas.

## FAQ
faq-suggestion = Quizá esto te ayude (de las preguntas frecuentes):
    {"**"}{ $question }**
    { $answer }
faq-solved-button = Esto lo resolvió
faq-still-button = Sigo necesitando ayuda
faq-solved-done = ✅ Resuelto con las preguntas frecuentes. ¡Suerte con el proyecto!
faq-still-done = De acuerdo, la pregunta sigue abierta y un mentor la verá.
ticket-only-author = Solo quien abrió la pregunta puede usar este botón.

## Mentores
ticket-claimed = 🙋 { $mentor } se encarga de esta pregunta.
ticket-claim-taken = { $mentor } ya se encarga de esta pregunta.
ticket-claim-closed = Esta pregunta ya está resuelta.
ticket-released = { $mentor } ha devuelto esta pregunta a la cola; otro mentor puede quedársela.
ticket-release-not-yours = Solo { $mentor } (o la organización) puede devolverla a la cola.
ticket-release-not-claimed = Nadie se encarga de esta pregunta ahora mismo.
ticket-not-here = Usa este comando dentro de una publicación del foro de ayuda.
ticket-not-allowed = Solo mentores, la organización o quien abrió la pregunta pueden hacer esto.
ticket-resolved = ✅ Resuelta por { $by }. { $author }, ¿qué tal la ayuda de { $mentor }? Puntúala de 1 a 5 (una vez):
ticket-resolved-plain = ✅ Resuelta por { $by }. La publicación se archiva; usa /ticket reopen si vuelve el problema.
ticket-already-resolved = Esta pregunta ya estaba resuelta.
ticket-reopened = 🔓 { $by } ha reabierto la pregunta; vuelve a la cola.
ticket-not-resolved = Esta pregunta no está resuelta.
ticket-rate-thanks = ¡Gracias! Has puntuado la ayuda de { $mentor } con { $rating }/5.
ticket-rate-not-resolved = Solo se pueden puntuar preguntas resueltas.
ticket-rate-already = Ya puntuaste la ayuda de esta resolución; se puntúa una sola vez.
ticket-rate-nobody = Nadie más que tú respondió o tomó esta pregunta, así que no hay ayuda que puntuar.

## /tickets
tickets-queue-title = {"**"}Preguntas sin respuesta: { $total }** (página { $page }/{ $pages }, primero las más antiguas)
tickets-queue-empty = No hay preguntas sin respuesta. 🎉
tickets-queue-line = • { $thread } **{ $title }** — abierta { $age }{ $claimed }
tickets-queue-claimed = , la tiene { $mentor }
tickets-stats = {"**"}Tickets de ayuda**
    Total: { $total } (abiertos { $open }, en curso { $claimed }, resueltos { $resolved })
    Con respuesta: { $answered } · sin respuesta: { $unanswered }
    Tiempo hasta la primera respuesta: mediana { $median }, p90 { $p90 }
tickets-stats-mentors = {"**"}Por mentor** (primeras respuestas · reclamados · resueltos · valoración de su ayuda)
tickets-stats-mentor-line = • { $mentor }: { $answers } · { $claims } · { $resolved } · { $rating }
tickets-stats-ratings = {"**"}Valoraciones**: { $count }, media { $mean } (1★ { $r1 } · 2★ { $r2 } · 3★ { $r3 } · 4★ { $r4 } · 5★ { $r5 })
tickets-stats-no-ratings = {"**"}Valoraciones**: ninguna todavía.
tickets-stats-none = —

## Recordatorios
sched-ticket-ping = { $mentions } esta pregunta lleva { $minutes } min sin respuesta y toca vuestras habilidades: **{ $title }**
sched-ticket-ping-all = { $mentions } esta pregunta lleva { $minutes } min sin respuesta: **{ $title }**. ¿Alguien puede echar una mano?

## Líneas de /ayuda
help-cmd-ask = `/preguntar [tema]` — pide ayuda: un formulario y una publicación en el foro de ayuda (o publica allí a mano con la etiqueta «{ $tag }»).
help-cmd-ticket = `/ticket reclamar|devolver|resolver|reabrir` — dentro de una pregunta: quedártela, devolverla, cerrarla (quien preguntó puntúa la ayuda), reabrirla.
help-cmd-tickets = `/tickets cola|cifras` — preguntas sin respuesta, primero las más antiguas; tiempo hasta la primera respuesta, por mentor, valoraciones.
ticket-too-many-open = Ya tienes { $cap } preguntas de ayuda abiertas ({ $posts }), el máximo que una persona puede tener a la vez. Cuando una esté resuelta, ciérrala con `/ticket resolve` dentro de ella; entonces podrás preguntar de nuevo. Esta publicación se queda, pero no es un ticket: no se avisa a mentores por ella.
ticket-closed-rate = ✅ Se cerró esta publicación. { $author }, ¿qué tal la ayuda de { $mentor }? Puntúala de 1 a 5 (una vez):
