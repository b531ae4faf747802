web-skip = Saltar al contenido
web-nav-event = El evento
web-nav-projects = Proyectos
web-nav-verify = Verificar un certificado
web-switch-language = English
web-switch-language-label = View this page in English
web-footer = Proyectos de { $event }. Solo aparecen las personas que eligieron figurar.
web-home-dates = Fechas
web-home-next-deadline = Próxima fecha límite
web-home-no-deadline = No queda ninguna fecha límite.
web-home-projects = { $count ->
    [one] Un proyecto entregado hasta ahora.
   *[other] { $count } proyectos entregados hasta ahora.
}
web-home-see-projects = Ver los proyectos
web-projects-title = Proyectos
web-projects-count = { $shown ->
    [one] Un proyecto
   *[other] { $shown } proyectos
} de { $total }
web-projects-none = Ningún proyecto coincide.
web-filter-search = Buscar
web-filter-goal = ODS
web-filter-state = Revisión
web-filter-language = Idioma
web-filter-any = Cualquiera
web-filter-apply = Filtrar
web-state-complete = Completo
web-state-late = Tardío (cambiado tras la fecha límite)
web-state-incomplete = Incompleto
web-state-checking = En revisión
web-state-unchecked = Aún sin revisar
web-project-goal = ODS
web-project-members = Integrantes
web-project-members-none = Ningún integrante eligió figurar.
web-project-dataset = Dataset
web-project-model = Modelo
web-project-demo = Demo
web-project-likes = Me gusta
web-project-languages = Idiomas
web-project-topic = Tema
web-project-report = Informe del Hub
web-project-report-none = La revisión del Hub aún no tiene informe.
web-project-checked = Última revisión
web-project-submitted = Entregado
web-project-cross = Entre repos
web-project-back = Todos los proyectos
web-not-found-title = No encontrado
web-not-found = No existe esa página ni ese proyecto.
web-error-title = Algo salió mal
web-error = No se pudo preparar la página ahora. Prueba de nuevo en un momento.
web-too-many = Demasiadas solicitudes. Prueba de nuevo en un minuto.
web-dash-title = Panel de organización
web-dash-logout = Cerrar sesión
web-dash-submissions = Entregas
web-dash-csv = Descargar CSV
web-dash-team = Equipo
web-dash-since-check = Desde la última revisión
web-dash-gpu = Cola de GPU y préstamos
web-dash-gpu-what = Máquina o solicitud
web-dash-gpu-when = Cuándo
web-dash-gpu-until = prestada hasta
web-dash-gpu-queued = esperando desde hace
web-dash-help = Preguntas de ayuda sin respuesta
web-dash-help-post = Pregunta
web-dash-help-age = Esperando desde hace
web-dash-teams = Equipos
web-login-refused-title = Acceso denegado
web-login-off = El acceso con Discord no está configurado en este sitio (DISCORD_CLIENT_ID, DISCORD_CLIENT_SECRET y DISCORD_GUILD_ID).
web-login-cancelled = Se canceló el acceso o Discord no envió ningún código. Vuelve a intentarlo desde el enlace del panel.
web-login-stale = Este enlace de acceso ya se usó o es demasiado antiguo. Empieza de nuevo desde el enlace del panel.
web-login-failed = Discord no confirmó quién eres. Prueba de nuevo en un momento.
web-login-not-organizer = El panel es solo para miembros del servidor del evento con el rol de organización.
web-csrf = Este formulario caducó o no viene de este sitio. Recarga la página y vuelve a intentarlo.
web-verify-title = Verificar un certificado
web-verify-intro = Escribe el código impreso en el certificado (en mayúsculas o minúsculas, con o sin guiones).
web-verify-code = Código del certificado
web-verify-submit = Verificar
web-verify-genuine = Certificado auténtico
web-verify-genuine-intro = Este código lo emitió la organización del evento y el certificado dice:
web-verify-name = Nombre
web-verify-team = Equipo
web-verify-project = Proyecto
web-verify-event = Evento
web-verify-date = Fecha
web-verify-what = Certifica
web-verify-place = { $place ->
    [1] Primer puesto
    [2] Segundo puesto
    [3] Tercer puesto
   *[other] Puesto { $place }
}
web-verify-participation = Participación
web-verify-not-genuine = No es un certificado auténtico
web-verify-not-genuine-help = Ningún certificado auténtico tiene este código. Comprueba que lo escribiste tal como está impreso; si es así, la organización no emitió este certificado o fue modificado.
web-verify-off = La verificación de certificados no está configurada en este sitio (SOMOSBOT_CERTIFICATE_SECRET).
web-results-title = Resultados
web-results-none = Los resultados del jurado están publicados; ningún proyecto obtuvo puesto.
web-recheck = Revisar de nuevo
web-recheck-label = Revisar de nuevo { $team } en el Hub
web-recheck-started = Revisando { $team } en el Hub; el resultado aparecerá en el panel.
web-recheck-running = Ya hay una revisión de { $team } en curso; su resultado aparecerá en el panel.
web-recheck-too-soon = Este equipo se revisó hace poco (una revisión por equipo cada pocos minutos, desde Discord o desde aquí).
web-recheck-budget = El presupuesto de consultas al Hub del bot está agotado por ahora.
web-recheck-next = Se podrá revisar de nuevo desde
web-recheck-no-team = No existe ese equipo en este evento.
web-recheck-no-submission = Este equipo no tiene ninguna entrega que revisar.
web-recheck-refused = Esta entrega no se puede revisar de nuevo ahora.
web-recheck-off = Revisar de nuevo no está disponible en este sitio.
web-dash-ticket-stats = Mesa de ayuda
web-dash-tickets-total = Preguntas
web-dash-tickets-answered = Respondidas
web-dash-tickets-unanswered = Sin respuesta
web-dash-tickets-resolved = Resueltas
web-dash-tickets-median = Mediana del tiempo hasta la primera respuesta
web-dash-jury = Progreso del jurado
web-dash-jury-totals = { $finished } de { $assigned } asignaciones puntuadas por completo; { $below ->
    [one] un proyecto tiene
   *[other] { $below } proyectos tienen
} menos de { $target } jueces con la evaluación terminada.
web-dash-jury-assigned = Jueces asignados
web-dash-jury-finished = Jueces que terminaron
web-dash-jury-judges = Jueces
web-dash-jury-judge = Juez (id de Discord)
web-dash-jury-done = Terminados
web-dash-jury-pending = Pendientes
web-results-mention = Mención honorífica: el proyecto con más me gusta
web-results-mention-likes = ({ $likes ->
    [one] un me gusta
   *[other] { $likes } me gusta
} en la instantánea)
