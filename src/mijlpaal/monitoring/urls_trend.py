from django.urls import URLPattern, path

from mijlpaal.monitoring import views_trend

urlpatterns: list[URLPattern] = [
    path("trend/", views_trend.trend, name="trend"),
    path("trend.svg", views_trend.trend_svg, name="trend_svg"),
    path("lights.svg", views_trend.lights_svg, name="lights_svg"),
]
