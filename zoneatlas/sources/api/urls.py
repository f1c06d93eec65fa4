from rest_framework.routers import SimpleRouter

from zoneatlas.sources.api.views import DocumentViewSet

router = SimpleRouter()
router.register("sources", DocumentViewSet, basename="source")
urlpatterns = router.urls
