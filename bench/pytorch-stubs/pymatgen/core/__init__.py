class Structure:  # type annotation only in camp.data.data
    pass
