# Equipos, publicaciones de «busco equipo» y usuarios de Hugging Face.

## Rechazos (errores del dominio)

team-error-name-short = El nombre del equipo necesita al menos { $min } caracteres, con alguna letra o cifra.
team-error-name-long = El nombre del equipo puede tener como mucho { $max } caracteres; elige uno más corto.
team-error-name-char = El carácter «{ $char }» no está permitido en el nombre. Usa letras, cifras, espacios y - . ' & + ! ? (sin @, #, <, *, _ ni otros formatos).
team-error-name-invisible = El nombre contiene un carácter invisible (como un espacio de ancho cero). Escríbelo de nuevo sin copiarlo de otro sitio.
team-error-topic-short = Describe el tema con al menos 3 caracteres.
team-error-topic-long = El tema puede tener como mucho 200 caracteres.
team-error-ods = El ODS debe ser un número del 1 al 17.
team-error-name-taken = Otro equipo ya usa ese nombre (sin contar mayúsculas). Elige otro.
team-error-name-reserved = Ese nombre podría confundirse con «{ $name }», un rol o canal del servidor (no cuentan mayúsculas, tildes ni letras que se parecen). Elige otro.
team-error-full = Ese equipo está completo (como mucho { $max } personas).
team-error-not-found = No existe ese equipo. Revisa el nombre o usa las sugerencias mientras escribes.
team-error-already-in-team = Ya estás en un equipo ({ $team }). Una persona, un equipo: sal primero con `/equipo salir`.
team-error-not-in-team = No estás en ningún equipo. Crea uno con `/equipo crear` o pide entrar en uno con `/equipo solicitar`.
team-error-not-captain = Solo la capitana o el capitán del equipo puede hacer esto.
team-error-captain-must-transfer = Quien capitanea debe ceder el puesto antes (`/equipo ceder`).
team-error-target-not-member = Esa persona no es miembro del equipo.
team-error-not-yourself = No puedes hacerte esto a ti.
team-error-registration-closed = La inscripción de equipos cerró { $when }. Los cambios ahora pasan por la organización.
team-error-last-member-confirm = Eres el último miembro: si sales, el equipo se disuelve. Confírmalo con el botón.
team-error-target-in-team = Esa persona ya está en un equipo ({ $team }).
team-error-already-pending = Ya hay una invitación o solicitud pendiente entre esa persona y el equipo.
team-error-invitation-expired = Esta invitación ha caducado. Pide una nueva.
team-error-invitation-not-pending = Esto ya tenía respuesta; no ha cambiado nada.
team-error-invitation-not-found = Esta invitación ya no existe (puede que el equipo se haya disuelto).
team-error-invitation-not-yours = Este botón es para otra persona.
team-error-full-cannot-open = El equipo está completo, así que no puede aparecer como abierto.
team-error-too-many-teams = El evento ya tiene sus { $cap } equipos, el máximo que el servidor admite dejando margen a los límites de roles y canales de Discord. Únete a un equipo que ya existe (`/team list`) o escribe a la organización.
team-error-too-many-invites = Tu equipo ya tiene { $cap } invitaciones esperando respuesta, el máximo permitido. La más antigua caduca { $when }; entonces podrás invitar de nuevo (o cuando alguien responda).
team-error-too-many-requests = Este equipo ya tiene { $cap } solicitudes esperando a su capitán, el máximo permitido. La más antigua caduca { $when }; vuelve a intentarlo entonces o pregunta a otro equipo.
team-error-reinvite-cooldown = Esa persona rechazó una invitación de tu equipo. Podrás invitarla de nuevo { $when } ({ $hours } horas después del rechazo).
team-error-create-cooldown = Disolviste un equipo hace poco. Podrás crear otro { $when } ({ $hours } horas después de disolverlo).

lft-error-field-empty = Cada campo de la publicación necesita algo de texto.
lft-error-field-long = Cada campo de la publicación puede tener como mucho 200 caracteres.
lft-error-already-posted = Ya tienes una publicación abierta. Se cierra sola cuando entras en un equipo.
lft-error-too-many = Has publicado { $cap } veces en las últimas 24 horas, el máximo permitido. Podrás publicar de nuevo { $when }.
lft-error-in-team = Ya estás en un equipo, así que no necesitas publicar.
hf-error-invalid = Ese no es un usuario válido de Hugging Face: solo letras, cifras, - _ y ., como en la dirección de tu perfil huggingface.co/<usuario>.

## Crear un equipo

team-created = Tu equipo **{ $name }** está listo y tú lo capitaneas. Canal del proyecto: <#{ $channel }>. Invita a gente con `/equipo invitar`.
team-create-discord-failed = Discord no dejó crear el rol o el canal del equipo, así que el equipo no se ha guardado. Inténtalo de nuevo en un momento; si vuelve a pasar, avisa a la organización.
team-role-failed = Ya estás en el equipo, pero Discord no dejó darte el rol «{ $role }». La organización puede añadirlo a mano.
team-welcome =
    { "**" }¡Bienvenidos a { $name }!** Este canal es privado del equipo.
    Capitanía: <@{ $captain }> · Tema: { $topic }{ $ods }

    { "**" }Cómo organizaros** (editad y fijad vuestra versión):
    • **Objetivo:** qué dataset, modelo y demo vais a entregar.
    • **Reparto de tareas:** quién construye el corpus, quién escribe las tarjetas, quién entrena, quién hace la demo.
    • **Próxima reunión:** día y hora (con marcas de tiempo de Discord, para que cada cual vea su hora).
    • **Documento compartido:** un enlace a vuestras notas.

    { "**" }El camino:** crear un corpus en la organización del Hub → escribir su tarjeta → entrenar un modelo (pedid GPU cuando el código funcione en una máquina pequeña) → escribir la tarjeta del modelo → montar una demo en un Space → entregar antes de la fecha límite.
    Vincula tu cuenta de Hugging Face con `/hf vincular`.
team-welcome-ods = {" "}· ODS { $ods }: { $goal }
team-announce = Nuevo equipo: **{ $name }** — { $topic }. Capitanía: <@{ $captain }>. Plazas libres: { $free }. Pide entrar con `/equipo solicitar`.

## Invitaciones y solicitudes

team-invite-sent = Invitación enviada a <@{ $user }> por mensaje privado. Puede responder hasta { $expires }.
team-invite-sent-channel = <@{ $user }> no acepta mensajes privados del bot, así que la invitación está en el canal de tu equipo, que ahora puede ver.
team-invite-text = **{ $team }** te invita a unirte a su equipo en { $event }. Tema: { $topic }. Responde antes de { $expires }.
team-invite-channel = <@{ $user }>: { $text }
team-accept-button = Aceptar
team-decline-button = Rechazar
team-invite-accepted = ¡Bienvenida/o a **{ $team }**!{ $channel ->
    [none] {""}
   *[other] { " " }Canal del proyecto: <#{ $channel }>.
}
team-invite-declined = Has rechazado la invitación de **{ $team }**.
team-member-joined = <@{ $user }> se ha unido al equipo. ¡Bienvenida/o!
team-request-sent = Tu solicitud para entrar en **{ $team }** ha llegado a su capitanía. Pueden responder hasta { $expires }.
team-request-post = <@{ $captain }>: <@{ $user }> pide entrar en **{ $team }**. Responde antes de { $expires }.
team-approve-button = Aprobar
team-deny-button = Rechazar
team-request-approved = <@{ $user }> ya está en **{ $team }**.
team-request-denied = Has rechazado la solicitud de <@{ $user }>.
team-request-result-approved = Tu solicitud para entrar en **{ $team }** ha sido aceptada.{ $channel ->
    [none] {""}
   *[other] { " " }Canal del proyecto: <#{ $channel }>.
}
team-request-result-denied = Tu solicitud para entrar en **{ $team }** ha sido rechazada. Hay más equipos en `/equipo lista`.

## Salir y cambiar un equipo

team-left = Has salido de **{ $team }**.
team-left-handover = Has salido de **{ $team }**; ahora lo capitanea <@{ $captain }>.
team-left-notice = <@{ $user }> ha salido del equipo.
team-handover-notice = <@{ $user }> ha salido del equipo; ahora capitanea <@{ $captain }>.
team-leave-confirm = Eres el último miembro de **{ $team }**: si sales, se disuelve y se borran su canal y su rol. ¿Seguro?
team-disband-confirm = ¿Disolver **{ $team }**? Todos los miembros salen y se borran el canal y el rol. No se puede deshacer.
team-disband-button = Disolver el equipo
team-cancel-button = Cancelar
team-disbanded = **{ $team }** se ha disuelto.
team-disband-cancelled = No ha cambiado nada.
team-kicked = <@{ $user }> ya no está en **{ $team }**.
team-kicked-dm = La capitanía de **{ $team }** te ha sacado del equipo.
team-transferred = Ahora <@{ $user }> capitanea **{ $team }**.
team-renamed = Tu equipo ahora se llama **{ $name }**.
team-open-on = **{ $team }** aparece como abierto: quien busca equipo lo ve en `/equipo lista`.
team-open-off = **{ $team }** ya no aparece como abierto.

## Listar equipos

team-list-title = **Equipos** ({ $total }) — página { $page } de { $pages }
team-list-line = **{ $name }** — { $topic } — { $count }/{ $max }{ $open }
team-list-open = {" "}· acepta solicitudes
team-list-empty = Ningún equipo coincide.
team-list-prev = Anterior
team-list-next = Siguiente
team-info-places = Plazas libres: { $free }{ $open }
team-info-hf = Hugging Face: { $users }
team-info-hf-missing = sin vincular
team-info-ods-named = ODS { $ods }: { $goal }

## Objetivos de Desarrollo Sostenible

ods-1 = Fin de la pobreza
ods-2 = Hambre cero
ods-3 = Salud y bienestar
ods-4 = Educación de calidad
ods-5 = Igualdad de género
ods-6 = Agua limpia y saneamiento
ods-7 = Energía asequible y no contaminante
ods-8 = Trabajo decente y crecimiento económico
ods-9 = Industria, innovación e infraestructura
ods-10 = Reducción de las desigualdades
ods-11 = Ciudades y comunidades sostenibles
ods-12 = Producción y consumo responsables
ods-13 = Acción por el clima
ods-14 = Vida submarina
ods-15 = Vida de ecosistemas terrestres
ods-16 = Paz, justicia e instituciones sólidas
ods-17 = Alianzas para lograr los objetivos

## Busco equipo

lft-thread-refused = Discord no me dejó abrir tu hilo en #{ $channel } (me falta un permiso ahí), así que no se publicó nada. Avisa a una persona organizadora: `/preparar comprobar` muestra qué arreglar.
lft-posted = Tu publicación está en <#{ $thread }>. Se cierra sola cuando entras en un equipo.
lft-thread-title = Busco equipo: { $topic }
lft-thread-body =
    <@{ $user }> busca equipo.
    { "**" }Tema:** { $topic }
    { "**" }Habilidades:** { $skills }
    { "**" }Idiomas:** { $languages }
    { "**" }Zona horaria:** { $tz }
    Capitanías: invitad con `/equipo invitar`.
lft-closed-notice = Publicación cerrada: <@{ $user }> ya tiene equipo.
lft-list-title = **Personas que buscan equipo** ({ $total }) — página { $page } de { $pages }
lft-list-line = <@{ $user }> — { $topic } — habilidades: { $skills } — { $languages } — { $tz }
lft-list-empty = Ahora mismo nadie coincide.

## Usuarios de Hugging Face

hf-linked = Tu usuario de Hugging Face ahora es **{ $username }**.
hf-missing-title = **Miembros de equipos sin usuario de Hugging Face** ({ $count })
hf-missing-line = <@{ $user }> — { $team }
hf-missing-none = Todos los miembros de equipos han vinculado su usuario de Hugging Face.

## Organización

admin-added = <@{ $user }> se ha añadido a **{ $team }**.
admin-removed = <@{ $user }> ya no está en **{ $team }**.
admin-renamed = El equipo ahora se llama **{ $team }**.
admin-disbanded = **{ $team }** se ha disuelto.
admin-captain = Ahora <@{ $user }> capitanea **{ $team }**.
admin-reopened = **{ $team }** puede formarse y cambiar hasta { $until }.

## /help

help-cmd-team = `/equipo crear`, `/equipo solicitar`, `/equipo salir`, `/equipo lista` — forma un equipo (de 1 a 5 personas), pide entrar en uno, sal de él, mira los equipos.
help-cmd-team-captain = Capitanía: `/equipo invitar`, `/equipo expulsar`, `/equipo ceder`, `/equipo renombrar`, `/equipo abrir`, `/equipo disolver`.
help-cmd-lft = `/busco-equipo publicar`, `/busco-equipo lista` — di que buscas equipo o encuentra a quien busca.
help-cmd-hf = `/hf vincular` — vincula tu usuario de Hugging Face.
help-cmd-teams-admin = `/equipos admin …` — añade o quita miembros, renombra, disuelve, cambia la capitanía, reabre la inscripción de un equipo, lista quién no tiene usuario de Hugging Face.
team-pin-refused-report = ⚠️ Equipos: Discord no dejó fijar la bienvenida de un canal de equipo ({ $error }). Da al rol del bot «Fijar mensajes» (`/preparar comprobar` muestra lo que le falta); los equipos se crean de todos modos.
