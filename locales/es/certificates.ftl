# Entregas aceptadas, certificados y la publicación de resultados.

cmd-submissions-accept = aceptar
    .name = aceptar
    .description = Acepta la entrega de un equipo: sus miembros reciben certificado
    .team-name = equipo
    .team-description = El equipo (elígelo de la lista)
cmd-submissions-unaccept = retirar-aceptacion
    .name = retirar-aceptacion
    .description = Retira la aceptación de la entrega de un equipo
    .team-name = equipo
    .team-description = El equipo (elígelo de la lista)

submissions-accept-pick = Elige el equipo de la lista que aparece mientras escribes.
submissions-accept-no-submission = Ese equipo aún no ha entregado nada, así que no hay nada que aceptar.
submissions-accept-done = **{ $team }**: entrega aceptada. Sus miembros reciben certificado.
submissions-accept-already = **{ $team }**: la entrega ya estaba aceptada; no ha cambiado nada.
submissions-unaccept-done = **{ $team }**: aceptación retirada. Sus miembros ya no reciben certificado.
submissions-unaccept-already = **{ $team }**: la entrega no estaba aceptada; no ha cambiado nada.
submissions-overview-accepted = ✅ Aceptadas (certificados): { $count } — { $teams }

cmd-certificate = certificado
    .name = certificado
    .description = Tu certificado por mensaje directo, con su código de verificación
    .name-name = nombre
    .name-description = El nombre que se imprime (cambiarlo emite un código nuevo)

certificate-not-open = Los certificados se abren cuando se publican los resultados. ¡Vuelve entonces!
certificate-no-team = No estás en ningún equipo, así que no tienes certificado.
certificate-not-accepted = La organización no ha aceptado la entrega de tu equipo, así que aún no hay certificado.
certificate-need-name = No tenemos un nombre que imprimir. Ponlo con `/certificado nombre:` y tu nombre completo.
certificate-not-configured = Los certificados aún no están configurados en este bot; avisa a la organización.
certificate-name-empty = Ese nombre queda vacío al quitar los caracteres invisibles. Escribe tu nombre tal como debe imprimirse.
certificate-name-too-long = Un nombre puede tener como mucho { $max } caracteres, para que se imprima entero.
certificate-name-markup = Un nombre no puede contener `{ $char }`. Escríbelo tal como debe imprimirse, sin menciones ni formato.
certificate-name-saved = Guardado: tu certificado dirá **{ $name }**. Los certificados se abren cuando se publican los resultados.
certificate-too-soon = Dibujar un certificado lleva su tiempo, así que cada persona tiene unos pocos cada vez. Vuelve a intentarlo { $retry }.
certificate-dm = Adjunto tu certificado de { $event } a nombre de **{ $name }**.
    Código de verificación: `{ $code }`
certificate-sent = Enviado a tus mensajes directos.
certificate-dm-closed = Tienes los mensajes directos cerrados, así que aquí lo tienes (solo tú ves este mensaje).
certificate-dm-link = Compruébalo en: { $link }

publish-title = 🏆 **Los resultados de { $event }**
publish-no-podium = Ningún proyecto tiene una puntuación completa, así que no hay podio.
publish-place = { $place }.º **{ $team }**
publish-mention = ❤️ Mención de honor, el proyecto con más likes en el Hub ({ $likes } likes): { $teams }
publish-comments = 📝 **{ $team }**: los comentarios del jurado sobre vuestro proyecto
    { $comments }
publish-no-jury = Este evento no tiene `[jury]` en su fichero, así que no hay resultados que publicar.
publish-already = Los resultados ya se publicaron.
publish-in-progress = Otra persona de la organización está publicando los resultados ahora mismo.
publish-preview = Esto es lo que se publicará en el canal de anuncios. Publicar también da los roles honoríficos ({ $roles } personas) y envía a { $teams } equipos los comentarios del jurado. No se puede deshacer.
publish-confirm-button = Publicar los resultados
publish-done = Publicado. Roles honoríficos dados: { $roles } (fallidos: { $failed }). Comentarios: { $channels } en canales de proyecto, { $dms } por mensaje directo, { $undelivered } no se pudieron entregar.
publish-failed = No se pudieron publicar los resultados (mira el registro). Inténtalo de nuevo en { $minutes } minutos.
cmd-jury-publish = publicar
    .name = publicar
    .description = Publica los resultados: podio, mención de honor, roles honoríficos, comentarios (organización)
