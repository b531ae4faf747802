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
