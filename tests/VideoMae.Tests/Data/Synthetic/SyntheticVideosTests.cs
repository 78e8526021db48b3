using VideoMae.Data.Synthetic;

namespace VideoMae.Tests.Data.Synthetic;

public class SyntheticVideosTests
{
    private static readonly SynthSettings Small = new(Frames: 16, Size: 64);

    private static int ClassIndex(string name) => SyntheticClasses.Motion.ToList().IndexOf(name);

    private static SyntheticClip Motion(string name, int round = 0) =>
        SyntheticVideos.Render(SyntheticKind.Motion, ClassIndex(name) + 12 * round, Small);

    /// <summary>Centroid x, centroid y and area of the object pixels of a frame.</summary>
    private static (double X, double Y, int Area) Measure(bool[] mask, int size)
    {
        var (sx, sy, n) = (0.0, 0.0, 0);
        for (var i = 0; i < mask.Length; i++)
            if (mask[i])
                (sx, sy, n) = (sx + i % size, sy + i / size, n + 1);
        return n == 0 ? (double.NaN, double.NaN, 0) : (sx / n, sy / n, n);
    }

    [Fact]
    public void Rendering_is_a_pure_function_of_kind_index_and_settings()
    {
        var a = SyntheticVideos.Render(SyntheticKind.Appearance, 5, Small);
        var b = SyntheticVideos.Render(SyntheticKind.Appearance, 5, Small);
        Assert.Equal(a.Frames, b.Frames);
        Assert.NotEqual(a.Frames[0], SyntheticVideos.Render(SyntheticKind.Appearance, 5, Small with { Seed = 1 }).Frames[0]);
    }

    [Theory]
    [InlineData("move left", -1, 0)]
    [InlineData("move right", 1, 0)]
    [InlineData("move up", 0, -1)]
    [InlineData("move down", 0, 1)]
    public void Moving_objects_move_their_pixels_the_way_the_class_says(string name, int dx, int dy)
    {
        for (var round = 0; round < 3; round++)
        {
            var clip = Motion(name, round);
            var (first, last) = (Measure(clip.ObjectMask[0], 64), Measure(clip.ObjectMask[^1], 64));
            // The centre travels 0.35·64 ≈ 22 px; measured centroids move 20–23 px.
            Assert.True(dx * (last.X - first.X) > 15 || dx == 0, $"{name}: x {first.X:F1} → {last.X:F1}");
            Assert.True(dy * (last.Y - first.Y) > 15 || dy == 0, $"{name}: y {first.Y:F1} → {last.Y:F1}");
        }
    }

    [Fact]
    public void Growing_shrinking_appearing_and_disappearing_show_in_the_object_area()
    {
        int Area(string name, int frame) => Measure(Motion(name).ObjectMask[frame], 64).Area;
        Assert.True(Area("grow", 15) > 3 * Area("grow", 0));
        Assert.True(Area("shrink", 0) > 3 * Area("shrink", 15));
        Assert.Equal(0, Area("appear", 0));
        Assert.True(Area("appear", 15) > 50);
        Assert.True(Area("disappear", 0) > 50);
        Assert.Equal(0, Area("disappear", 15));
    }

    [Fact]
    public void Growing_and_shrinking_objects_start_at_the_same_sizes()
    {
        double MeanStartArea(string name) => Enumerable.Range(0, 30).Average(r => Measure(Motion(name, r).ObjectMask[0], 64).Area);
        var (grow, shrink) = (MeanStartArea("grow"), MeanStartArea("shrink"));
        Assert.InRange(grow / shrink, 0.8, 1.25);
    }

    [Fact]
    public void Rotations_turn_opposite_ways_and_change_the_pixels()
    {
        var cw = Motion("rotate clockwise");
        var ccw = Motion("rotate counterclockwise");
        Assert.True(cw.Objects[^1][0].Angle > cw.Objects[0][0].Angle);
        Assert.True(ccw.Objects[^1][0].Angle < ccw.Objects[0][0].Angle);
        Assert.NotEqual(cw.ObjectMask[0], cw.ObjectMask[4]);
    }

    [Fact]
    public void The_first_frame_does_not_tell_the_direction_of_motion()
    {
        // Start positions are drawn before the class is used: left- and right-moving clips start at the same places on
        // average. Starting each on the side away from its motion made the means of 40 clips differ by 23 px (measured);
        // a shared start distribution leaves only sampling noise (the sd of a 40-clip mean is about 0.6 px).
        double MeanStart(string name) => Enumerable.Range(0, 40).Average(r => Measure(Motion(name, r).ObjectMask[0], 64).X);
        Assert.InRange(Math.Abs(MeanStart("move left") - MeanStart("move right")), 0, 3);
    }

    [Theory]
    [InlineData(SyntheticKind.Motion, 0)]
    [InlineData(SyntheticKind.Hybrid, 1)]
    public void A_plain_video_is_its_striped_twin_on_one_still_colour(SyntheticKind kind, int index)
    {
        var striped = SyntheticVideos.Render(kind, index, Small);
        var plain = SyntheticVideos.Render(kind, index, Small with { Background = SyntheticBackground.Plain });
        Assert.Equal(striped.ObjectMask, plain.ObjectMask);
        var backgroundColours = new HashSet<(byte, byte, byte)>();
        for (var f = 0; f < plain.Frames.Length; f++)
            for (var p = 0; p < plain.ObjectMask[f].Length; p++)
            {
                var (a, b) = (striped.Frames[f], plain.Frames[f]);
                if (plain.ObjectMask[f][p])
                    Assert.Equal((a[3 * p], a[3 * p + 1], a[3 * p + 2]), (b[3 * p], b[3 * p + 1], b[3 * p + 2]));
                else
                    backgroundColours.Add((b[3 * p], b[3 * p + 1], b[3 * p + 2]));
            }
        Assert.Single(backgroundColours);
    }

    [Fact]
    public void The_hard_appearance_classes_are_every_shape_and_colour_once()
    {
        var classes = SyntheticClasses.AppearanceHard;
        Assert.Equal(4 * Painting.Schemes.Length, classes.Count);
        Assert.Equal(classes.Count, classes.Select(c => (c.Shape, c.Scheme)).Distinct().Count());
        Assert.Equal(classes.Count, classes.Select(c => c.Name).Distinct().Count());
        Assert.Equal("appearance-hard", SyntheticDataset.Name(SyntheticKind.AppearanceHard));
        Assert.Equal(SyntheticKind.AppearanceHard, SyntheticDataset.Parse("appearance-hard"));
    }

    [Fact]
    public void A_hard_appearance_clip_shows_its_class_as_the_largest_object_on_top_of_two_smaller_distractors()
    {
        var settings = new SynthSettings(Frames: 16, Size: 128);
        var classes = SyntheticClasses.AppearanceHard;
        for (var index = 0; index < 2 * classes.Count; index += 5)
        {
            var clip = SyntheticVideos.Render(SyntheticKind.AppearanceHard, index, settings);
            var scheme = classes[clip.Label].Scheme;
            Assert.Equal(index % classes.Count, clip.Label);
            for (var f = 0; f < clip.Frames.Length; f += 5)
            {
                var objects = clip.Objects[f];
                Assert.Equal(3, objects.Length);
                var target = objects[^1];
                Assert.All(objects[..^1], d => Assert.True(d.Radius * 1.4 < target.Radius, $"video {index}, frame {f}: distractor {d.Radius:F1} px, target {target.Radius:F1} px"));
                // 0.7 of the radius along the object's own x axis lies inside every shape (the ring's hole ends at 0.55).
                var x = (int)Math.Floor(target.X + 0.7 * target.Radius * Math.Cos(target.Angle));
                var y = (int)Math.Floor(target.Y + 0.7 * target.Radius * Math.Sin(target.Angle));
                if (x < 0 || y < 0 || x >= settings.Size || y >= settings.Size)
                    continue;
                var p = 3 * (y * settings.Size + x);
                var pixel = (clip.Frames[f][p], clip.Frames[f][p + 1], clip.Frames[f][p + 2]);
                Assert.Contains(pixel, Painting.Schemes[scheme]);
            }
        }
    }

    [Fact]
    public void Bad_settings_name_the_value()
    {
        Assert.Contains("size = 33", Assert.Throws<ArgumentException>(() => SyntheticVideos.Render(SyntheticKind.Motion, 0, Small with { Size = 33 })).Message);
        Assert.Contains("frames = 4", Assert.Throws<ArgumentException>(() => SyntheticVideos.Render(SyntheticKind.Motion, 0, Small with { Frames = 4 })).Message);
        Assert.Contains("background = 7", Assert.Throws<ArgumentException>(() => SyntheticVideos.Render(SyntheticKind.Motion, 0, Small with { Background = (SyntheticBackground)7 })).Message);
        Assert.Contains("kind 'sports'", Assert.Throws<ArgumentException>(() => SyntheticDataset.Parse("sports")).Message);
    }
}
