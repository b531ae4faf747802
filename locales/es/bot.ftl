## General

error-internal = Algo ha fallado por nuestra parte. Vuelve a intentarlo en un momento; si sigue pasando, avisa a la organización y dales esta referencia: `{ $reference }`.
error-guild-only = Este comando solo funciona dentro del servidor del evento.
error-not-organizer = Solo la organización puede usar este comando. Si formas parte de ella, pide el rol «{ $role }».
error-not-mentor = Solo mentores y organización pueden usar este comando.
error-button-not-yours = Este botón es para otra persona.
component-refused-team = Solo los miembros de este equipo (y la organización) pueden usar este botón.
error-expired-button = Este botón ha caducado. Vuelve a ejecutar el comando.

## /about

about-version = **somosbot** { $version } gestiona **{ $event }**.
about-organization = Los proyectos se entregan en el Hub de Hugging Face, en la organización **{ $organization }**.
about-next-deadline = Próxima fecha límite: **{ $title }** — { $when } ({ $relative }).
about-no-deadline = No quedan fechas límite.

## /help

help-title = **Qué puedes hacer con somosbot**
help-participant = Participantes
help-mentor = Mentores
help-organizer = Organización
help-cmd-help = `/ayuda` — esta lista.
help-cmd-about = `/acerca` — la versión del bot, el evento y su próxima fecha límite.
help-cmd-team-info = `/equipo info` — miembros, tema y capitán de un equipo.
help-cmd-setup-check = `/preparar revisar` — lo que le falta al servidor para el evento.
help-cmd-setup-apply = `/preparar aplicar` — crea lo que falta, tras confirmar.
help-cmd-deadlines = `/fechas` — todas las fechas límite, en tu zona horaria.
help-cmd-deadline = `/fecha añadir|cambiar|eliminar` — cambia las fechas límite; los recordatorios se ajustan y se avisa a todo el mundo.
help-cmd-announce = `/anunciar enviar|lista|cancelar` — publica un anuncio ahora o más tarde, con vista previa.
help-footer = Las fechas se muestran en tu zona horaria. Dudas: el foro #{ $forum }.

## /team info

team-info-title = **{ $name }**
team-info-topic = Tema: { $topic }
team-info-captain = Capitán/a: <@{ $captain }>
team-info-members = Miembros ({ $count }/{ $max }): { $members }
team-info-not-found = No hay ningún equipo llamado «{ $name }». Revisa cómo se escribe o usa las sugerencias mientras escribes.
team-info-no-team = Todavía no estás en un equipo. Crea uno o pide unirte a uno en #{ $channel }.

## /setup

setup-check-title = **Revisión del servidor para { $event }**
setup-ok = ✅ { $what }
setup-missing = ❌ { $what } — { $fix }
setup-warn = ⚠️ { $what } — { $fix }
setup-channel = Canal #{ $name } ({ $kind })
setup-channel-missing-fix = créalo o ejecuta `/preparar aplicar`.
setup-channel-wrong-kind-fix = existe pero no es un canal de tipo { $kind }; cámbiale el nombre y ejecuta `/preparar aplicar` para crear el correcto.
setup-category = Categoría «{ $name }»
setup-category-full-fix = tiene { $count } de 50 canales; los nuevos canales de proyecto irán a una categoría adicional.
setup-forum-tag = Etiqueta «{ $tag }» en #{ $forum }
setup-forum-tag-fix = añádela a las etiquetas del foro o ejecuta `/preparar aplicar`.
setup-role = Rol «{ $name }»
setup-role-missing-fix = créalo o ejecuta `/preparar aplicar`.
setup-bot-role-position = El rol del bot está por encima de «{ $role }»
setup-bot-role-position-fix = en Ajustes del servidor → Roles, arrastra el rol del bot por encima de «{ $role }» para que pueda dar ese rol y los de los equipos.
setup-permission = Permiso «{ $permission }»
setup-permission-fix = da este permiso al rol del bot en Ajustes del servidor → Roles.
setup-access = Lo que el bot puede hacer en «{ $name }»
setup-access-fix = le falta { $permissions } ahí: en «{ $name }» → Editar → Permisos, permíteselo al rol del bot (o quita la excepción que lo deniega).
setup-pings = Las menciones de «{ $role }» llegan a sus miembros
setup-pings-fix = haz «{ $role }» mencionable, o da al rol del bot «Mencionar @everyone, @here y todos los roles».
setup-pings-teams = Las menciones de los roles de equipo llegan a sus miembros
setup-pings-teams-fix = da al rol del bot «Mencionar @everyone, @here y todos los roles»: los roles de equipo no son mencionables, para que nadie más pueda mencionarlos.
setup-role-limit = Espacio para roles ({ $count } de 250 en uso)
setup-role-limit-fix = quedan menos de { $needed } roles libres para los equipos; borra roles que no se usen.
setup-all-good = Todo está listo.
setup-problems = { $count ->
    [one] Hay una cosa que arreglar.
   *[other] Hay { $count } cosas que arreglar.
}
setup-kind-text = texto
setup-kind-forum = foro
setup-kind-category = categoría
setup-apply-confirm = Se creará: { $items }. ¿Continuar?
setup-apply-nothing = No falta nada: no hay nada que crear.
setup-apply-button = Crear
setup-cancel-button = Cancelar
setup-apply-cancelled = No se ha creado nada.
setup-apply-done = Creado: { $items }.
setup-apply-failed = No se pudo crear { $item }: { $reason }. Revisa los permisos del bot con `/preparar revisar`.

## Registro de la organización

log-organizer-action = { $actor } ejecutó { $action }{ $target }.

## Identidad por id: los roles y canales del evento
error-not-set-up = Esto aún no está configurado: el bot no tiene registrado el { $kind ->
    [role] rol
   *[other] canal
} { $what }. La organización puede crearlo con `/setup apply` o señalar uno existente con `/setup link { $kind } key:{ $key }`.
error-not-set-up-several = Esto aún no está configurado: hay varios { $kind ->
    [role] roles
   *[other] canales
} llamados { $what } y el bot no adivina cuál es. La organización puede elegirlo con `/setup link { $kind } key:{ $key }`.
error-not-declared = El archivo del evento no declara `{ $key }`.
error-no-guild-served = El bot no sabe a qué servidor sirve. Quien lo opera debe fijar `DISCORD_GUILD_ID`.
error-guild-not-served = Este bot sirve a otro servidor; aquí no hace nada.
ids-log-absent = ⚠️ Sin configurar: nada en este servidor se llama { $what } (`{ $key }`). Usa `/setup apply` para crearlo o `/setup link` para señalar uno existente.
ids-log-several = ⚠️ Sin configurar: { $count } elementos de este servidor se llaman { $what } (`{ $key }`), así que el bot no usa ninguno. Elige uno con `/setup link`.
setup-several = hay varios con este nombre; elige uno con `/setup link`.
setup-link-done = { $what } (`{ $key }`) es ahora <{ $target }>.
setup-link-done-before = { $what } (`{ $key }`) es ahora <{ $target }> (antes era <{ $before }>).
setup-link-unknown-key = `{ $key }` no es { $kind ->
    [role] un rol
   *[other] un canal
} del evento. Elige uno de la lista.
setup-link-wrong-kind = <#{ $target }> no es un canal de tipo { $kind }, que es lo que necesita `{ $key }`.
setup-link-everyone = El rol @everyone no puede hacer de rol del evento.
