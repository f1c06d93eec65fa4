from rest_framework.routers import SimpleRouter

from zoneatlas.steering.api.views import ObstacleViewSet, SteeringMeetingViewSet

router = SimpleRouter()
router.register("obstacles", ObstacleViewSet, basename="obstacle")
router.register("steering-meetings", SteeringMeetingViewSet, basename="steering-meeting")

urlpatterns = router.urls
