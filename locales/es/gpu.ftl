# La cola de GPU: solicitudes, la cola, préstamos, el tablero en vivo.

## Rechazos

gpu-error-not-in-team = No estás en un equipo. Solo la capitanía de un equipo puede pedir una GPU.
gpu-error-not-captain = Solo la capitanía de tu equipo puede hacer esto.
gpu-error-not-tested = Primero ejecuta tu código de entrenamiento en una máquina pequeña (Colab, un Space gratuito, tu portátil) y confírmalo con `probado: True`. Las máquinas grandes son pocas; son para código que ya funciona.
gpu-error-no-machine-of-kind = No hay ninguna máquina de ese tipo en el parque.
gpu-error-bad-hours = El número de horas debe estar entre 1 y { $max }.
gpu-error-bad-link = No se puede usar el enlace del dataset: { $reason }
gpu-error-not-a-dataset = Ese enlace no es un dataset. Pega la dirección de la página de tu dataset (huggingface.co/datasets/…).
gpu-error-wrong-org = El dataset debe estar en la organización { $org } del Hub. Muévelo o cópialo allí primero.
gpu-error-dataset-missing = El dataset `{ $repo }` no existe en el Hub (o es privado). Súbelo primero y vuelve a pedir.
gpu-error-dataset-private = El dataset `{ $repo }` es privado o tiene acceso restringido. Hazlo público y vuelve a pedir.
gpu-error-hub-unavailable = No se pudo comprobar tu dataset: el Hub no respondió. No se ha puesto nada en cola; inténtalo de nuevo en unos minutos.
gpu-error-already-requested = Tu equipo ya tiene una solicitud abierta para este tipo de máquina. Mírala con `/gpu estado`.
gpu-error-nothing-queued = Ese equipo no tiene ninguna solicitud en cola.
gpu-error-unknown-team = No hay ningún equipo con ese nombre. Usa las sugerencias al escribir.
gpu-error-unknown-resource = No hay ninguna máquina con ese nombre. Usa las sugerencias al escribir.
gpu-error-resource-not-available = La máquina `{ $resource }` no está en servicio.
gpu-error-resource-busy = La máquina `{ $resource }` está prestada hasta { $until }.
gpu-error-wrong-kind = La máquina `{ $resource }` no es del tipo que pidió ese equipo.
gpu-error-queue-empty = Nadie está esperando una máquina.
gpu-error-no-free-machine = No hay ninguna máquina libre para la siguiente solicitud de la cola.
gpu-error-grant-race = Otra persona acaba de asignar esa máquina o esa solicitud. Mira `/gpu cola` y vuelve a intentarlo.
gpu-error-no-lease = No hay ninguna máquina prestada que coincida.
gpu-error-not-your-lease = Esa máquina está prestada a otro equipo.
gpu-error-resource-exists = Ya existe una máquina con ese nombre.
gpu-error-resource-leased = La máquina `{ $resource }` está prestada hasta { $until }. Libérala antes con `/gpu liberar`.
gpu-error-bad-position = El puesto debe estar entre 1 y { $max }.
gpu-error-kind-needed = Hay más de una solicitud o máquina; indica de qué tipo.
gpu-error-reason = Indica por qué se mueve la solicitud; el motivo queda en el registro de auditoría.
gpu-error-resource-name = El nombre de una máquina necesita al menos un carácter y ningún espacio.

## Tipos, máquinas, la cola

gpu-kind-vm-24gb = VM con GPU de 24 GB
gpu-kind-space-t4-small = T4 small (Spaces)
gpu-machine-free = libre
gpu-machine-leased = **{ $team }** hasta { $until } ({ $relative })
gpu-machine-out-of-service = fuera de servicio
gpu-machine-retired = retirada
gpu-start-now = podría empezar ya
gpu-start-at = inicio previsto { $relative }
gpu-start-unknown = no hay máquinas de este tipo en servicio

gpu-board-title = **Máquinas con GPU** · actualizado { $updated }
gpu-board-machines = **Máquinas**
gpu-board-no-machines = No hay máquinas en el parque.
gpu-board-queue = **Cola · { $kind }** ({ $count })
gpu-board-queue-empty = Nadie en espera.
gpu-board-more = … y { $count } más: `/gpu cola` los muestra a todos.
gpu-queue-page = Página { $page } de { $pages }: `/gpu cola pagina:{ $page }` y siguientes.

## Respuestas

gpu-requested = Solicitud de **{ $team }** en cola para una { $kind } (dataset `{ $repo }`). Puesto en la cola: **{ $position }**, { $wait }. Se avisará al equipo en su canal cuando se le asigne una máquina.
gpu-cancelled = Se ha retirado la solicitud de tu equipo para una { $kind }.
gpu-status-title = **GPU de { $team }**
gpu-status-nothing = Ni solicitud ni máquina. Pide una con `/gpu pedir` cuando tu dataset esté en el Hub.
gpu-release-confirm = ¿Liberar `{ $resource }` ahora? Está prestada a **{ $team }** hasta { $until } ({ $relative }); al liberarla el préstamo termina en el acto y se avisa al siguiente equipo de la cola.
gpu-release-button = Liberar ahora
gpu-keep-button = Conservarla
gpu-release-kept = No ha cambiado nada: la máquina sigue prestada.
gpu-released = Se ha liberado `{ $resource }`. ¡Gracias! Se avisará al siguiente equipo de la cola.
gpu-usage-empty = Todavía no se ha prestado ninguna máquina.
gpu-usage = Uso de GPU durante el evento — préstamos: { $leases } · horas: { $hours }.
gpu-usage-title = Uso de GPU
gpu-granted = `{ $resource }` prestada a **{ $team }** hasta { $until } ({ $relative }). Se avisa al equipo en su canal.
gpu-extended = El préstamo de `{ $resource }` termina ahora { $until } ({ $relative }).
gpu-moved = **{ $team }** pasa del puesto { $from } al { $to } en la cola de { $kind }.
gpu-pool-added = Máquina `{ $resource }` añadida al parque.
gpu-pool-restored = La máquina `{ $resource }` vuelve a estar en servicio.
gpu-pool-out-of-service = La máquina `{ $resource }` está fuera de servicio.
gpu-pool-retired = La máquina `{ $resource }` está retirada.

## Mensajes a equipos y a la organización

gpu-notice-granted = 🎉 **{ $team }**, la máquina `{ $resource }` ({ $description }) es del equipo hasta { $until } ({ $relative }). La organización enviará los datos de acceso. Si terminan antes, libérenla con `/gpu liberar`.
gpu-notice-extended = ⏳ **{ $team }**, se ha ampliado el préstamo de `{ $resource }`: ahora termina { $until } ({ $relative }).
gpu-warning = ⚠️ **{ $team }**, el préstamo de `{ $resource }` termina en { $minutes } minutos ({ $until }). Guarden los checkpoints y súbanlos al Hub.
gpu-expired = ⌛ **{ $team }**, el préstamo de `{ $resource }` ha terminado. ¡Gracias!
gpu-freed-next = 🔔 **{ $team }**, hay una máquina libre (`{ $resource }`) y el equipo es el siguiente en la cola. La organización la asignará en breve.
gpu-freed-log = `{ $resource }` está libre. Siguiente en la cola: **{ $team }** (`/gpu asignar`).
gpu-freed-log-nobody = `{ $resource }` está libre y nadie está esperando.
