from django.urls import path

from mijlpaal.charts import views

app_name = "charts"

urlpatterns = [
    path("milestone-plan/", views.milestone_plan, name="milestone_plan"),
    path("gantt/", views.gantt, name="gantt"),
    path("gantt.svg", views.gantt_svg, name="gantt_svg"),
    path("gantt.pdf", views.gantt_pdf, name="gantt_pdf"),
]
